#include "model/keydispatcher.h"

#include <QKeyEvent>

namespace Notebench::Editor {

KeyDispatcher::KeyDispatcher(const Keymap* keymap, QObject* parent)
    : QObject(parent)
    , m_keymap(keymap)
{
    m_timer.start();
    m_clock = [this] { return m_timer.elapsed(); };
}

KeyDispatcher::Result KeyDispatcher::feed(const QKeyEvent* event, Mode mode)
{
    return feed(event->keyCombination(), mode);
}

static bool isModifierOnly(Qt::Key key)
{
    return key == Qt::Key_Shift || key == Qt::Key_Control || key == Qt::Key_Meta || key == Qt::Key_Alt
        || key == Qt::Key_AltGr || key == Qt::Key_CapsLock || key == Qt::Key_unknown;
}

KeyDispatcher::Result KeyDispatcher::feed(QKeyCombination key, Mode mode)
{
    // Pressing Shift on its way to Shift+M must not break a chord or count as a key.
    if (isModifierOnly(key.key()))
        return {};
    key = Keymap::normalized(key);
    const qint64 now = m_clock();

    if (m_pending) {
        const Pending first = *m_pending;
        m_pending.reset();
        if (first.mode == mode && now - first.at <= m_chordTimeoutMs) {
            const QString command = m_keymap->command(QKeySequence(first.key, key), mode);
            if (!command.isEmpty()) {
                emit commandTriggered(command);
                return {Outcome::Command, command};
            }
        }
        // A late or non-matching second key ends the chord and then counts as a fresh first key,
        // so "D" followed by "A" still inserts above.
    }

    // A single binding wins over a chord that starts with the same key: no waiting on every press.
    const QString command = m_keymap->command(QKeySequence(key), mode);
    if (!command.isEmpty()) {
        emit commandTriggered(command);
        return {Outcome::Command, command};
    }
    if (m_keymap->isChordPrefix(key, mode)) {
        m_pending = Pending{key, mode, now};
        return {Outcome::Pending, {}};
    }
    return {};
}

} // namespace Notebench::Editor

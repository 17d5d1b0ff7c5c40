#pragma once

#include "model/keymap.h"
#include "model/mode.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <optional>

class QKeyEvent;

namespace Notebench::Editor {

/// Turns key presses into command names through a Keymap, the way Jupyter does: single keys and
/// two-key chords (D,D) in command mode; in edit mode only the edit bindings, all else to the editor.
class KeyDispatcher : public QObject {
    Q_OBJECT
public:
    /// What became of one key press.
    enum class Outcome {
        Command,    ///< `command` names the bound command
        Pending,    ///< the first key of a chord; swallowed, waiting for the second
        Unhandled,  ///< not ours: the text editor (edit mode) or nobody (command mode) gets it
    };
    struct Result {
        Outcome outcome = Outcome::Unhandled;
        QString command;
    };

    /// Jupyter's chord window: the second key must come within a second.
    static constexpr qint64 defaultChordTimeoutMs = 1000;

    explicit KeyDispatcher(const Keymap* keymap, QObject* parent = nullptr);

    Result feed(const QKeyEvent* event, Mode mode);
    Result feed(QKeyCombination key, Mode mode);
    /// Forgets a half-typed chord (focus change, mode change).
    void reset() { m_pending.reset(); }
    bool hasPendingChord() const { return m_pending.has_value(); }

    void setChordTimeout(qint64 ms) { m_chordTimeoutMs = ms; }
    /// Tests drive time by hand; the default is a monotonic clock started with the dispatcher.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

signals:
    void commandTriggered(const QString& command);

private:
    struct Pending {
        QKeyCombination key;
        Mode mode;
        qint64 at;
    };

    const Keymap* m_keymap;
    std::optional<Pending> m_pending;
    qint64 m_chordTimeoutMs = defaultChordTimeoutMs;
    QElapsedTimer m_timer;
    std::function<qint64()> m_clock;
};

} // namespace Notebench::Editor

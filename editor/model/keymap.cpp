#include "model/keymap.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

namespace Notebench::Editor {

Q_LOGGING_CATEGORY(lcKeymap, "notebench.editor.keymap")

static QString tr(const char* text)
{
    return QCoreApplication::translate("Notebench::Editor::Keymap", text);
}

Keymap::Keymap()
{
    QFile file(defaultResourcePath());
    QString error;
    // The resource is ours and tested; failing here is a build fault, so log it and run without shortcuts.
    if (!file.open(QIODevice::ReadOnly) || !parse(file.readAll(), file.fileName(), &m_bindings, &error))
        qCCritical(lcKeymap) << "default keymap unusable:" << (error.isEmpty() ? file.errorString() : error);
}

QString Keymap::defaultResourcePath()
{
    return QStringLiteral(":/notebench/keymaps/jupyter.json");
}

QKeyCombination Keymap::normalized(QKeyCombination key)
{
    Qt::Key code = key.key();
    Qt::KeyboardModifiers modifiers = key.keyboardModifiers() & ~Qt::KeypadModifier;
    if (code == Qt::Key_Enter)
        code = Qt::Key_Return;
    if (code == Qt::Key_Backtab) {
        code = Qt::Key_Tab;
        modifiers |= Qt::ShiftModifier;
    }
    return QKeyCombination(modifiers, code);
}

QKeySequence Keymap::parseKeys(const QString& text)
{
    // Split at commas that separate keys; a comma right after '+' is the comma key itself ("Ctrl+,").
    QStringList parts;
    QString current;
    for (int i = 0; i < text.size(); ++i) {
        if (text[i] == u',' && !current.trimmed().isEmpty() && !current.endsWith(u'+')) {
            parts << current.trimmed();
            current.clear();
        } else {
            current += text[i];
        }
    }
    parts << current.trimmed();
    if (parts.size() > 2)
        return {};
    QKeyCombination keys[2];
    for (int i = 0; i < parts.size(); ++i) {
        const QKeySequence one = QKeySequence::fromString(parts[i], QKeySequence::PortableText);
        if (one.count() != 1 || one[0].key() == Qt::Key_unknown)
            return {};
        keys[i] = normalized(one[0]);
    }
    return parts.size() == 1 ? QKeySequence(keys[0]) : QKeySequence(keys[0], keys[1]);
}

static bool modeFromString(const QString& text, Mode* mode)
{
    if (text == u"command")
        *mode = Mode::Command;
    else if (text == u"edit")
        *mode = Mode::Edit;
    else
        return false;
    return true;
}

bool Keymap::parse(const QByteArray& json, const QString& source, QList<KeyBinding>* bindings, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = static_cast<int>(json.left(parseError.offset).count('\n')) + 1;
        *error = tr("The keymap %1 is not valid JSON (%2 on line %3).")
                     .arg(source, parseError.errorString(), QString::number(line));
        return false;
    }
    if (!document.isArray()) {
        *error = tr("The keymap %1 must be a JSON array of {\"keys\", \"mode\", \"command\"} entries.").arg(source);
        return false;
    }
    QList<KeyBinding> result;
    const QJsonArray entries = document.array();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = tr("entry %1 of the keymap %2").arg(QString::number(i + 1), source);
        const QJsonObject entry = entries[i].toObject();
        if (!entries[i].isObject() || !entry.value(u"keys").isString() || !entry.value(u"command").isString()) {
            *error = tr("In %1: expected an object with string \"keys\", \"mode\" and \"command\".").arg(where);
            return false;
        }
        const QString keysText = entry.value(u"keys").toString();
        KeyBinding binding;
        binding.keys = parseKeys(keysText);
        binding.command = entry.value(u"command").toString();
        if (binding.keys.isEmpty()) {
            *error = tr("In %1: \"%2\" is not a key or a two-key chord such as \"D,D\".").arg(where, keysText);
            return false;
        }
        if (!modeFromString(entry.value(u"mode").toString(), &binding.mode)) {
            *error = tr("In %1: \"mode\" must be \"command\" or \"edit\".").arg(where);
            return false;
        }
        result << binding;
    }
    *bindings = std::move(result);
    return true;
}

bool Keymap::loadUserFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists())
        return true;   // most users never write one
    QList<KeyBinding> overrides;
    QString message;
    if (!file.open(QIODevice::ReadOnly))
        message = tr("The keymap %1 could not be read: %2.").arg(path, file.errorString());
    else
        parse(file.readAll(), path, &overrides, &message);
    if (!message.isEmpty()) {
        // Nothing is applied from a bad file, so a typo never leaves a half-changed keymap.
        message += u' ' + tr("The default shortcuts are in use.");
        if (error)
            *error = message;
        return false;
    }
    for (const KeyBinding& binding : overrides) {
        const auto same = std::find_if(m_bindings.begin(), m_bindings.end(), [&](const KeyBinding& existing) {
            return existing.keys == binding.keys && existing.mode == binding.mode;
        });
        if (same != m_bindings.end() && binding.command.isEmpty())
            m_bindings.erase(same);
        else if (same != m_bindings.end())
            same->command = binding.command;
        else if (!binding.command.isEmpty())
            m_bindings << binding;
    }
    return true;
}

QString Keymap::command(const QKeySequence& keys, Mode mode) const
{
    for (const KeyBinding& binding : m_bindings) {
        if (binding.mode == mode && binding.keys == keys)
            return binding.command;
    }
    return {};
}

bool Keymap::isChordPrefix(QKeyCombination key, Mode mode) const
{
    return std::any_of(m_bindings.begin(), m_bindings.end(), [&](const KeyBinding& binding) {
        return binding.mode == mode && binding.keys.count() == 2 && binding.keys[0] == key;
    });
}

} // namespace Notebench::Editor

#include "model/commandcatalog.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

namespace Notebench::Editor {

Q_LOGGING_CATEGORY(lcCatalog, "notebench.editor.commands")

static QString tr(const char* text)
{
    return QCoreApplication::translate("Notebench::Editor::CommandCatalog", text);
}

CommandCatalog::CommandCatalog()
{
    QFile file(defaultResourcePath());
    QString error;
    // Ours and tested, like the default keymap: a failure is a build fault; ids then stand in for labels.
    if (!file.open(QIODevice::ReadOnly) || !parse(file.readAll(), file.fileName(), &m_commands, &error))
        qCCritical(lcCatalog) << "command table unusable:" << (error.isEmpty() ? file.errorString() : error);
}

QString CommandCatalog::defaultResourcePath()
{
    return QStringLiteral(":/notebench/keymaps/commands.json");
}

bool CommandCatalog::parse(const QByteArray& json, const QString& source, QList<CommandInfo>* commands, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        *error = tr("The command table %1 must be a JSON array of {\"command\", \"label\", \"group\"} entries.").arg(source);
        return false;
    }
    QList<CommandInfo> result;
    const QJsonArray entries = document.array();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries[i].toObject();
        CommandInfo info{entry.value(u"command").toString(), entry.value(u"label").toString(),
                         entry.value(u"group").toString()};
        if (info.command.isEmpty() || info.label.isEmpty() || info.group.isEmpty()) {
            *error = tr("Entry %1 of the command table %2 needs a non-empty \"command\", \"label\" and \"group\".")
                         .arg(QString::number(i + 1), source);
            return false;
        }
        result << info;
    }
    *commands = std::move(result);
    return true;
}

const CommandInfo* CommandCatalog::find(const QString& command) const
{
    const auto it = std::find_if(m_commands.begin(), m_commands.end(),
                                 [&](const CommandInfo& info) { return info.command == command; });
    return it == m_commands.end() ? nullptr : &*it;
}

bool CommandCatalog::contains(const QString& command) const
{
    return find(command) != nullptr;
}

QString CommandCatalog::label(const QString& command) const
{
    if (const CommandInfo* info = find(command))
        return info->label;
    QString spelled = command;
    spelled.replace(u'-', u' ');
    if (!spelled.isEmpty())
        spelled[0] = spelled[0].toUpper();
    return spelled;
}

QString CommandCatalog::group(const QString& command) const
{
    const CommandInfo* info = find(command);
    return info ? info->group : tr("Other");
}

QList<CommandInfo> CommandCatalog::withKeymap(const Keymap& keymap) const
{
    QList<CommandInfo> result = m_commands;
    for (const KeyBinding& binding : keymap.bindings()) {
        const bool listed = std::any_of(result.begin(), result.end(),
                                        [&](const CommandInfo& info) { return info.command == binding.command; });
        if (!listed)
            result << CommandInfo{binding.command, label(binding.command), group(binding.command)};
    }
    return result;
}

QString CommandCatalog::keyText(const QKeySequence& keys)
{
    // Qt names the key Return; Jupyter's help, its users and the keymap file say Shift+Enter.
    static const QRegularExpression returnKey(QStringLiteral("\\bReturn\\b"));
    return keys.toString(QKeySequence::NativeText).replace(returnKey, QStringLiteral("Enter"));
}

QStringList CommandCatalog::keysFor(const Keymap& keymap, const QString& command, Mode mode)
{
    QStringList keys;
    for (const KeyBinding& binding : keymap.bindings())
        if (binding.mode == mode && binding.command == command)
            keys << keyText(binding.keys);
    return keys;
}

QString CommandCatalog::keysText(const Keymap& keymap, const QString& command)
{
    QStringList keys = keysFor(keymap, command, Mode::Command);
    for (const QString& key : keysFor(keymap, command, Mode::Edit))
        if (!keys.contains(key))
            keys << key;
    return keys.join(QStringLiteral("  /  "));
}

} // namespace Notebench::Editor

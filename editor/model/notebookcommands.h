#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace Notebench::Editor {

class NotebookModel;

/// Maps keymap command names ("delete-cells", "merge-cells", …) to NotebookModel operations.
/// Commands that need the kernel or the window (run, interrupt, restart, save, help, palette,
/// scrolling) are handed on through requested().
class NotebookCommands : public QObject {
    Q_OBJECT
public:
    explicit NotebookCommands(NotebookModel* model, QObject* parent = nullptr);

    /// Runs a model command and returns true; otherwise emits requested(command) and returns false.
    bool execute(const QString& command);
    /// The names this class runs itself.
    QStringList modelCommands() const { return m_actions.keys(); }
    /// Where split-cell cuts: the caret's UTF-16 offset in the cursor cell's editor. Without one,
    /// split-cell is requested from the window instead.
    void setCaretOffsetProvider(std::function<int()> provider) { m_caretOffset = std::move(provider); }

signals:
    void requested(const QString& command);

private:
    NotebookModel* m_model;
    QHash<QString, std::function<void()>> m_actions;
    std::function<int()> m_caretOffset;
};

} // namespace Notebench::Editor

#pragma once

#include <QDialog>
#include <QFile>
#include <QTimer>

#include <nlohmann/json.hpp>

class QsciScintilla;
class QLabel;

namespace Notebench::App {

/// The whole text of a long stream output, read-only: the head and tail the output keeps, and
/// the middle from its spill file. Scintilla holds large text well, but the text goes in a
/// megabyte per event-loop turn, so opening 100 MB never freezes the window.
class FullOutputViewer : public QDialog
{
    Q_OBJECT
public:
    /// `output` is a stream output with Document::kElidedKey.
    FullOutputViewer(const nlohmann::json &output, const QString &title, QWidget *parent = nullptr);

    /// True once everything is in the editor.
    bool isComplete() const { return m_step == Step::Done; }
    QsciScintilla *editor() const { return m_editor; }

signals:
    void loaded();

private:
    enum class Step { Head, Middle, Tail, Done };
    void loadSome();
    void append(const QByteArray &bytes);

    QsciScintilla *m_editor;
    QLabel *m_status;
    QTimer m_loader;
    Step m_step = Step::Head;
    QByteArray m_head;
    QByteArray m_tail;
    QFile m_middle;
    qint64 m_middleLeft = 0;
};

} // namespace Notebench::App

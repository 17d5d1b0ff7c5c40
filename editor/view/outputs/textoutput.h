#pragma once

#include "view/outputs/outputrenderer.h"

#include <memory>

class QTextDocument;

namespace Notebench::Editor {

/// Terminal-like text: streams, tracebacks and text/plain, with ANSI colours. A very long text
/// is laid out as its head and tail around one line that says how much is left out (all of it
/// stays available to copy and to the viewer), so a million lines never stall a frame.
class TextOutput : public OutputRenderer {
public:
    static constexpr int headLines = 1000;
    static constexpr int tailLines = 1000;
    static constexpr int maxLineLength = 10000;

    /// `source` may hold ANSI escapes; `stderrTint` paints JupyterLab's stderr background.
    TextOutput(QString source, bool stderrTint, const OutputContext& context);
    ~TextOutput() override;

    Kind kind() const override { return Kind::Text; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override;
    /// The text as laid out (capped), for tests and find.
    QString shownText();

    /// The part of `source` that is laid out: the first `head` and last `tail` lines with a line
    /// in between naming how many were left out, and lines cut at `maxLength`. No ANSI handling.
    static QString capped(QStringView source, int head, int tail, int maxLength);

private:
    void build();

    QString m_source;
    bool m_stderr;
    QFont m_font;
    Theme m_theme;
    std::unique_ptr<QTextDocument> m_document;
    int m_width = -1;
};

} // namespace Notebench::Editor

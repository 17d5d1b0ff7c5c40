#pragma once

#include "view/outputs/outputrenderer.h"

#include <nlohmann/json.hpp>

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
    /// A stream whose middle the document layer spilled to a file (Document::isElidedStream): its
    /// head, one link line that opens the whole text, its tail. Copying reads the whole text back.
    static std::unique_ptr<TextOutput> elidedStream(const nlohmann::json& output, bool stderrTint, const OutputContext& context);
    ~TextOutput() override;

    Kind kind() const override { return Kind::Text; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override;
    QString anchorAt(QPoint point) const override;
    /// The text as laid out (capped), for tests and find.
    QString shownText();

    /// The part of `source` that is laid out: the first `head` and last `tail` lines with a line
    /// in between naming how many were left out, and lines cut at `maxLength`. No ANSI handling.
    static QString capped(QStringView source, int head, int tail, int maxLength);

    /// The link of an elided stream's middle line, and the spill file such a link names ("" for
    /// any other link).
    static QString fullOutputLink(const nlohmann::json& output);
    static QString spillFileOfLink(const QString& href);

private:
    void build();

    QString m_source;
    // An elided stream only: the output (head and tail, small), its tail and its link line.
    nlohmann::json m_elided;
    QString m_tail;
    QString m_linkLine;
    bool m_stderr;
    QFont m_font;
    Theme m_theme;
    std::unique_ptr<QTextDocument> m_document;
    int m_width = -1;
};

} // namespace Notebench::Editor

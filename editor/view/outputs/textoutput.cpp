#include "view/outputs/textoutput.h"

#include "document/streamtext.h"
#include "view/ansiformat.h"
#include "view/ansitext.h"
#include "view/outputtext.h"

#include <QAbstractTextDocumentLayout>
#include <QLocale>
#include <QPainter>
#include <QUrl>
#include <QTextCursor>
#include <QTextDocument>

#include <cmath>
#include <vector>

namespace Notebench::Editor {

namespace {

constexpr QLatin1StringView kFullOutputScheme("notebench-full-output:");

// Start offsets of the lines of `text` ('\n' separated); a trailing '\n' starts no line.
std::vector<qsizetype> lineStarts(QStringView text)
{
    std::vector<qsizetype> starts{0};
    for (qsizetype i = text.indexOf(u'\n'); i >= 0 && i + 1 < text.size(); i = text.indexOf(u'\n', i + 1))
        starts.push_back(i + 1);
    return starts;
}

void appendCut(QString& out, QStringView line, int maxLength)
{
    if (line.size() <= maxLength) {
        out += line;
        return;
    }
    out += line.left(maxLength);
    out += QStringLiteral(" … (%1 more characters)").arg(line.size() - maxLength);
}

} // namespace

TextOutput::TextOutput(QString source, bool stderrTint, const OutputContext& context)
    : m_source(std::move(source))
    , m_stderr(stderrTint)
    , m_font(context.codeFont)
    , m_theme(context.theme)
{
    // Streams end in '\n'; the block's own end already ends the line.
    if (m_source.endsWith(u'\n'))
        m_source.chop(1);
}

TextOutput::~TextOutput() = default;

std::unique_ptr<TextOutput> TextOutput::elidedStream(const nlohmann::json& output, bool stderrTint, const OutputContext& context)
{
    auto renderer = std::make_unique<TextOutput>(OutputText::joinedText(output.value("text", nlohmann::json())), stderrTint, context);
    const auto& elided = output[Document::kElidedKey];
    renderer->m_elided = output;
    renderer->m_tail = OutputText::joinedText(elided.value("tail", nlohmann::json()));
    if (renderer->m_tail.endsWith(u'\n'))
        renderer->m_tail.chop(1);
    const QLocale locale;
    renderer->m_linkLine = QObject::tr("\u2026 %1 more lines (%2) \u2014 Open full output")
                               .arg(locale.toString(elided.value("lines", qulonglong(0))),
                                    locale.formattedDataSize(elided.value("bytes", qint64(0)), 1, QLocale::DataSizeSIFormat));
    return renderer;
}

QString TextOutput::fullOutputLink(const nlohmann::json& output)
{
    const std::string file = output[Document::kElidedKey].value("file", std::string());
    return QString(kFullOutputScheme) + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(file)));
}

QString TextOutput::spillFileOfLink(const QString& href)
{
    if (!href.startsWith(kFullOutputScheme))
        return {};
    return QUrl::fromPercentEncoding(href.mid(kFullOutputScheme.size()).toLatin1());
}

QString TextOutput::capped(QStringView source, int head, int tail, int maxLength)
{
    const std::vector<qsizetype> starts = lineStarts(source);
    const auto lines = static_cast<qsizetype>(starts.size());
    const auto lineAt = [&](qsizetype i) {
        const qsizetype end = i + 1 < lines ? starts[static_cast<std::size_t>(i + 1)] - 1 : source.size();
        return source.mid(starts[static_cast<std::size_t>(i)], end - starts[static_cast<std::size_t>(i)]);
    };
    QString out;
    const bool cut = lines > head + tail;
    for (qsizetype i = 0; i < lines; ++i) {
        if (cut && i == head) {
            out += QStringLiteral("… %1 lines not shown here (Open Output in Viewer shows all) …\n").arg(lines - head - tail);
            i = lines - tail - 1;
            continue;
        }
        appendCut(out, lineAt(i), maxLength);
        if (i + 1 < lines)
            out += u'\n';
    }
    return out;
}

void TextOutput::build()
{
    m_document = std::make_unique<QTextDocument>();
    m_document->setDefaultFont(m_font);
    m_document->setDocumentMargin(0);
    m_document->setUndoRedoEnabled(false);
    QTextCursor cursor(m_document.get());
    QTextCharFormat base;
    if (m_stderr)
        base.setBackground(m_theme.stderrBackground);   // JupyterLab's stderr tint
    base.setForeground(m_theme.codeText);
    AnsiFormat::insert(cursor, capped(m_source, headLines, tailLines, maxLineLength), base);
    if (m_linkLine.isEmpty())
        return;
    // An elided stream: head and tail are bounded by the document layer, the middle is one link.
    QTextCharFormat link = base;
    link.setAnchor(true);
    link.setAnchorHref(fullOutputLink(m_elided));
    link.setFontItalic(true);
    link.setForeground(m_theme.prompt);
    cursor.insertBlock();
    cursor.insertText(m_linkLine, link);
    cursor.insertBlock();
    AnsiFormat::insert(cursor, capped(m_tail, headLines, tailLines, maxLineLength), base);
}

int TextOutput::height(int width)
{
    if (!m_document)
        build();
    if (width != m_width) {
        m_document->setTextWidth(std::max(width, 1));
        m_width = width;
    }
    return static_cast<int>(std::ceil(m_document->size().height()));
}

void TextOutput::paint(QPainter& painter, const QRect& rect)
{
    if (!m_document)
        height(rect.width());
    painter.save();
    painter.translate(rect.topLeft());
    // Only the visible part is drawn: a long output scrolled past costs nothing.
    const QRectF clip = painter.hasClipping() ? painter.clipBoundingRect() : QRectF(0, 0, rect.width(), rect.height());
    m_document->drawContents(&painter, clip.intersected(QRectF(0, 0, rect.width(), rect.height())));
    painter.restore();
}

QString TextOutput::text() const
{
    if (m_linkLine.isEmpty())
        return AnsiText::plainText(m_source);
    // The whole stream, middle read back from its spill file (a user's copy, not a repaint).
    std::string whole;
    if (!Document::forEachStreamPiece(m_elided, [&whole](std::string_view piece) { whole.append(piece); }))
        return AnsiText::plainText(m_source + u'\n' + m_linkLine + u'\n' + m_tail);
    return AnsiText::plainText(QString::fromStdString(whole));
}

QString TextOutput::anchorAt(QPoint point) const
{
    if (m_linkLine.isEmpty() || !m_document)
        return {};
    return m_document->documentLayout()->anchorAt(point);
}

QString TextOutput::shownText()
{
    if (!m_document)
        build();
    return m_document->toPlainText();
}

} // namespace Notebench::Editor

#include "view/markdownrenderer.h"

#include "view/markdowncode.h"
#include "view/markdownformulas.h"
#include "view/markdownimages.h"
#include "view/markdownmath.h"
#include "view/theme.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

#include <functional>

namespace Notebench::Editor {

namespace {

// A dynamic property of a rendered document: some of its math is still being typeset.
const char* const waitingForMath = "notebenchWaitingForMath";
// TeX that MathJax could not typeset at all (not a TeX error: those show MathJax's error box).
const QColor errorInk(0xd3, 0x2f, 0x2f);

// Rewrites what Qt 6.4's markdown importer mishandles, leaving code as written: a void HTML
// element written "<br>" or "<img src=…>" makes it drop the rest of the cell (the self-closing
// form imports fine), and an image without alt text ("![](plot.png)") is dropped entirely.
QString prepareForImporter(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"((<(?:area|br|col|embed|hr|img|input|source|track|wbr)\b[^<>]*?)\s*/?>|!\[\]\()"),
        QRegularExpression::CaseInsensitiveOption);
    const std::vector<MarkdownCodeRange> code = MarkdownCode::ranges(text);
    QString result;
    qsizetype copied = 0;
    std::size_t nextCode = 0;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        while (nextCode < code.size() && code[nextCode].end <= match.capturedStart())
            ++nextCode;
        if (nextCode < code.size() && code[nextCode].begin < match.capturedEnd())
            continue;
        result += QStringView(text).mid(copied, match.capturedStart() - copied);
        result += match.hasCaptured(1) ? match.captured(1) + QStringLiteral("/>") : QStringLiteral("![ ](");
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return text;
    result += QStringView(text).mid(copied);
    return result;
}

bool isCodeBlock(const QTextBlockFormat& format)
{
    return format.hasProperty(QTextFormat::BlockCodeLanguage) || format.hasProperty(QTextFormat::BlockCodeFence);
}

// Code blocks and code spans on a grey ground, quotes in grey, as JupyterLab shows them.
void styleBlocks(QTextDocument& document)
{
    QTextCursor cursor(&document);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        if (isCodeBlock(format)) {
            format.setBackground(Theme::current().codeBackground);
            cursor.setPosition(block.position());
            cursor.setBlockFormat(format);
            continue;
        }
        if (format.intProperty(QTextFormat::BlockQuoteLevel) > 0) {
            cursor.setPosition(block.position());
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            QTextCharFormat grey;
            grey.setForeground(Theme::current().quote);
            cursor.mergeCharFormat(grey);
        }
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (!it.fragment().charFormat().fontFixedPitch())
                continue;
            cursor.setPosition(it.fragment().position());
            cursor.setPosition(it.fragment().position() + it.fragment().length(), QTextCursor::KeepAnchor);
            QTextCharFormat code;
            code.setBackground(Theme::current().codeBackground);
            cursor.mergeCharFormat(code);
        }
    }
}

void styleTables(QTextFrame* frame)
{
    for (QTextFrame* child : frame->childFrames()) {
        if (auto* table = qobject_cast<QTextTable*>(child)) {
            QTextTableFormat format = table->format();
            format.setBorderCollapse(true);
            format.setBorder(1);
            format.setBorderBrush(Theme::current().tableBorder);
            format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            format.setCellSpacing(0);
            format.setCellPadding(4);
            table->setFormat(format);
        }
        styleTables(child);
    }
}

QTextCharFormat mathFormat(QTextCharFormat format, const MathSpan& span)
{
    format.setFontFamilies({QStringLiteral("Latin Modern Math"), QStringLiteral("STIX Two Math"),
                            QStringLiteral("DejaVu Serif"), QStringLiteral("Times New Roman"), QStringLiteral("serif")});
    format.setFontStyleHint(QFont::Serif);
    format.setFontFixedPitch(false);
    format.setFontItalic(true);
    format.setForeground(Theme::current().math);
    format.setProperty(MarkdownRenderer::MathTexProperty, span.tex);
    format.setProperty(MarkdownRenderer::MathDisplayProperty, span.kind == MathSpan::Kind::Display);
    return format;
}

// A display equation inside a paragraph ("is\n$$x$$\nso") gets a centred line of its own, as
// MathJax gives it; in a list item or a table cell it stays in the line.
void insertDisplay(QTextCursor& cursor, const std::function<void(QTextCursor&)>& insert)
{
    QTextDocument& document = *cursor.document();
    if (cursor.currentList() || cursor.currentTable()) {
        insert(cursor);
        return;
    }
    // Soft line breaks around the equation became spaces; they do not belong to either side.
    if (!cursor.atBlockStart() && document.characterAt(cursor.position() - 1) == u' ')
        cursor.deletePreviousChar();
    if (!cursor.atBlockEnd() && document.characterAt(cursor.position()) == u' ')
        cursor.deleteChar();
    const QTextBlockFormat original = cursor.blockFormat();
    QTextBlockFormat centred = original;
    centred.setAlignment(Qt::AlignHCenter);
    if (cursor.atBlockStart())
        cursor.setBlockFormat(centred);
    else
        cursor.insertBlock(centred);
    insert(cursor);
    if (!cursor.atBlockEnd())
        cursor.insertBlock(original);
}

// Every "@@n@@" the markdown parser passed through becomes its math again: verbatim inside code
// (an indented "    $x$" is code, not math), elsewhere the typeset picture when there is one, or
// the TeX styled as math until there is.
void placeMath(QTextDocument& document, const std::vector<MathSpan>& spans, MarkdownFormulas& formulas)
{
    static const QRegularExpression placeholder(QStringLiteral("@@\\d+@@"));
    for (QTextCursor cursor = document.find(placeholder, 0); !cursor.isNull();
         cursor = document.find(placeholder, cursor.position())) {
        const qsizetype index = MarkdownMath::placeholderIndex(cursor.selectedText());
        if (index < 0 || index >= static_cast<qsizetype>(spans.size()))
            continue;
        const MathSpan& span = spans[static_cast<std::size_t>(index)];
        const QTextCharFormat format = cursor.charFormat();
        if (span.kind == MathSpan::Kind::Literal || format.fontFixedPitch() || isCodeBlock(cursor.blockFormat())) {
            cursor.insertText(span.source, format);
            continue;
        }
        QTextCharFormat math = mathFormat(format, span);
        const MarkdownFormulas::Picture picture = formulas.picture(span, format);
        if (!picture.format && !picture.error.isEmpty()) {
            math.setForeground(errorInk);
            math.setToolTip(picture.error);
        }
        const auto insert = [&](QTextCursor& at) {
            if (picture.format) {
                QTextImageFormat image = *picture.format;
                image.setProperty(MarkdownRenderer::MathTexProperty, span.tex);
                image.setProperty(MarkdownRenderer::MathDisplayProperty, span.kind == MathSpan::Kind::Display);
                at.insertImage(image);
            } else if (span.kind == MathSpan::Kind::Inline) {
                at.insertText(QString(span.tex).replace(u'\n', u' '), math);
            } else {
                at.insertText(span.tex.trimmed().replace(u'\n', QChar::LineSeparator), math);
            }
        };
        if (span.kind == MathSpan::Kind::Inline) {
            insert(cursor);
            continue;
        }
        cursor.removeSelectedText();
        insertDisplay(cursor, insert);
    }
}

} // namespace

MarkdownRenderer::MarkdownRenderer(const QFont& font)
    : m_font(font)
{
}

void MarkdownRenderer::setMath(Math::MathRenderer* math, qreal devicePixelRatio)
{
    m_math = math;
    m_devicePixelRatio = devicePixelRatio;
}

bool MarkdownRenderer::waitsForMath(const QTextDocument& document)
{
    return document.property(waitingForMath).toBool();
}

std::unique_ptr<QTextDocument> MarkdownRenderer::render(const QString& source, const nlohmann::json& attachments,
                                                        int width) const
{
    auto document = std::make_unique<QTextDocument>();
    document->setUndoRedoEnabled(false);
    document->setDocumentMargin(0);
    document->setDefaultFont(m_font);
    const ProtectedMarkdown markdown = MarkdownMath::protect(source);
    document->setMarkdown(prepareForImporter(markdown.text), QTextDocument::MarkdownDialectGitHub);
    styleBlocks(*document);
    styleTables(document->rootFrame());
    // Images first: the typeset formulas placed after them are image resources it must not touch.
    MarkdownImages::resolve(*document, attachments, m_baseDirectory, width);
    MarkdownFormulas formulas(*document, m_math, m_devicePixelRatio);
    placeMath(*document, markdown.spans, formulas);
    document->setProperty(waitingForMath, formulas.pending());
    document->setTextWidth(width);
    return document;
}

} // namespace Notebench::Editor

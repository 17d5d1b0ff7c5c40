#include "view/outputs/htmloutput.h"

#include "view/outputs/htmlsanitiser.h"

#include <QTextCursor>
#include <QTextFrame>
#include <QTextTable>
#include <QUrl>

namespace Notebench::Editor {

namespace {

void styleTable(QTextTable& table, const Theme& theme)
{
    QTextTableFormat format = table.format();
    format.setBorderCollapse(true);
    format.setBorder(1);
    format.setBorderBrush(theme.tableBorder);
    format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    format.setCellSpacing(0);
    format.setCellPadding(4);
    table.setFormat(format);
    const QColor stripe = theme.codeBackground;
    for (int row = 0; row < table.rows(); ++row) {
        for (int column = 0; column < table.columns(); ++column) {
            QTextTableCell cell = table.cellAt(row, column);
            if (cell.row() != row || cell.column() != column)
                continue;   // covered by a span
            // JupyterLab right-aligns every cell of a rendered table; numbers line up by their digits.
            QTextCursor cursor = cell.firstCursorPosition();
            cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
            QTextBlockFormat block;
            block.setAlignment(Qt::AlignRight);
            cursor.mergeBlockFormat(block);
            if (row % 2 == 1 && !cell.format().background().style()) {
                QTextTableCellFormat cellFormat = cell.format().toTableCellFormat();
                cellFormat.setBackground(stripe);
                cell.setFormat(cellFormat);
            }
        }
    }
}

} // namespace

QVariant OfflineTextDocument::loadResource(int type, const QUrl& name)
{
    if (type != QTextDocument::ImageResource || name.scheme().compare(u"data", Qt::CaseInsensitive) != 0)
        return {};
    const QString url = name.toString();
    const qsizetype comma = url.indexOf(u',');
    if (comma < 0 || !url.left(comma).contains(QLatin1String("image/"), Qt::CaseInsensitive))
        return {};
    const QByteArray payload = url.mid(comma + 1).toLatin1();
    const QByteArray bytes = url.left(comma).endsWith(QLatin1String(";base64"), Qt::CaseInsensitive)
                                 ? QByteArray::fromBase64(payload)
                                 : QByteArray::fromPercentEncoding(payload);
    const QImage image = QImage::fromData(bytes);
    if (!image.isNull())
        addResource(type, name, image);
    return image.isNull() ? QVariant() : QVariant(image);
}

std::unique_ptr<QTextDocument> HtmlOutput::build(const QString& html, const OutputContext& context)
{
    auto document = std::make_unique<OfflineTextDocument>();
    document->setDefaultFont(context.textFont);
    document->setDocumentMargin(0);
    document->setUndoRedoEnabled(false);
    // JupyterLab's link blue (--jp-content-link-color), lighter on dark paper.
    const QColor link = context.theme.isDark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x19, 0x76, 0xd2);
    document->setDefaultStyleSheet(QStringLiteral("a { color: %1; } th { font-weight: bold; }").arg(link.name()));
    document->setHtml(HtmlSanitiser::sanitise(html));
    // Tables are found by walking the frames; QTextDocument nests each table as a child frame.
    std::vector<QTextFrame*> frames{document->rootFrame()};
    while (!frames.empty()) {
        QTextFrame* frame = frames.back();
        frames.pop_back();
        for (QTextFrame* child : frame->childFrames()) {
            if (auto* table = qobject_cast<QTextTable*>(child))
                styleTable(*table, context.theme);
            frames.push_back(child);
        }
    }
    return document;
}

HtmlOutput::HtmlOutput(const QString& html, const OutputContext& context)
    : DocumentOutput(Kind::Html, [html, context](int) { return build(html, context); }, false, context)
{
}

} // namespace Notebench::Editor

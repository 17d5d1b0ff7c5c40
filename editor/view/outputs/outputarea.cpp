#include "view/outputs/outputarea.h"

#include "document/outputstreams.h"
#include "document/streamtext.h"
#include "view/markdownrenderer.h"
#include "view/outputtext.h"
#include "view/outputs/documentoutput.h"
#include "view/outputs/htmloutput.h"
#include "view/outputs/imagecache.h"
#include "view/outputs/imageoutput.h"
#include "view/outputs/jsonoutput.h"
#include "view/outputs/latexoutput.h"
#include "view/outputs/markdownoutput.h"
#include "view/outputs/mimeranking.h"
#include "view/outputs/svgoutput.h"
#include "view/outputs/textoutput.h"

#include <QFontMetrics>
#include <QPainter>

namespace Notebench::Editor {

namespace {

QString joined(const nlohmann::json& value)
{
    return OutputText::joinedText(value);
}

std::string joinedBytes(const nlohmann::json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    std::string out;
    if (value.is_array())
        for (const auto& part : value)
            if (part.is_string())
                out += part.get_ref<const std::string&>();
    return out;
}

std::unique_ptr<OutputRenderer> bundleRenderer(const nlohmann::json& output, const OutputContext& context, QString* note)
{
    const nlohmann::json empty = nlohmann::json::object();
    const auto dataIt = output.find("data");
    const nlohmann::json& data = dataIt != output.end() && dataIt->is_object() ? *dataIt : empty;
    const auto metaIt = output.find("metadata");
    const nlohmann::json& metadata = metaIt != output.end() ? *metaIt : empty;
    MimeChoice choice = chooseMime(data);
    const QString plain = data.contains("text/plain") ? joined(data["text/plain"]) : QString();
    const std::string& mime = choice.mime;
    std::unique_ptr<OutputRenderer> renderer;
    if (mime == "text/html") {
        const QString html = joined(data[mime]);
        if (html.size() <= HtmlOutput::maxLength || plain.isEmpty()) {
            renderer = std::make_unique<HtmlOutput>(html.left(HtmlOutput::maxLength), context);
        } else {
            choice.skipped << QStringLiteral("HTML output of %1 characters not laid out; its text is shown.").arg(html.size());
            renderer = std::make_unique<TextOutput>(plain, false, context);
        }
    } else if (mime == "image/svg+xml") {
        renderer = std::make_unique<SvgOutput>(QByteArray::fromStdString(joinedBytes(data[mime])), metadata, plain, context);
    } else if (mime == "image/png" || mime == "image/jpeg") {
        renderer = std::make_unique<ImageOutput>(joinedBytes(data[mime]), metadata, mime, plain, context);
    } else if (mime == "text/markdown") {
        renderer = std::make_unique<MarkdownOutput>(joined(data[mime]), context);
    } else if (mime == "text/latex") {
        renderer = renderLatexOutput(joined(data[mime]), context);
    } else if (mime == "application/json") {
        renderer = std::make_unique<JsonOutput>(data[mime], context);
    } else if (mime == "text/plain") {
        renderer = std::make_unique<TextOutput>(plain, false, context);
    } else if (!data.empty()) {
        QStringList types;
        for (const auto& [type, value] : data.items())
            types << QString::fromStdString(type);
        choice.skipped << QStringLiteral("No viewable representation (%1).").arg(types.join(QStringLiteral(", ")));
    }
    if (note)
        *note = choice.skipped.join(u' ');
    return renderer;
}

} // namespace

std::unique_ptr<OutputRenderer> OutputArea::rendererFor(const nlohmann::json& output, const OutputContext& context, QString* note)
{
    if (!output.is_object())
        return nullptr;
    const std::string type = output.value("output_type", std::string());
    if (type == "stream" || type == "error") {
        const bool stderrTint = type == "stream" && output.value("name", std::string()) == "stderr";
        if (type == "stream" && Document::isElidedStream(output))
            return TextOutput::elidedStream(output, stderrTint, context);
        return std::make_unique<TextOutput>(OutputText::source(output), stderrTint, context);
    }
    if (type == "execute_result" || type == "display_data")
        return bundleRenderer(output, context, note);
    return nullptr;
}

std::shared_ptr<OutputArea> OutputArea::build(const nlohmann::json& outputs, const OutputContext& context)
{
    if (!outputs.is_array() || outputs.empty())
        return nullptr;
    // Shown as Jupyter shows them: a progress bar printed in pieces is one line, overwritten.
    nlohmann::json shownOutputs = outputs;
    Document::coalesceStreams(shownOutputs);
    auto area = std::make_shared<OutputArea>();
    area->m_noteFont = context.textFont;
    area->m_noteFont.setItalic(true);
    if (context.textFont.pointSizeF() > 0)   // a pixel-sized font has no point size to scale
        area->m_noteFont.setPointSizeF(context.textFont.pointSizeF() * 0.85);
    area->m_theme = context.theme;
    for (const auto& output : shownOutputs) {
        Block block;
        block.renderer = rendererFor(output, context, &block.note);
        if (block.renderer || !block.note.isEmpty())
            area->m_blocks.push_back(std::move(block));
    }
    return area->m_blocks.empty() ? nullptr : area;
}

int OutputArea::estimate(const nlohmann::json& outputs, int lineHeight, int width)
{
    if (!outputs.is_array())
        return 0;
    int height = 0;
    for (const auto& output : outputs) {
        if (!output.is_object())
            continue;
        const auto data = output.find("data");
        const std::string image = data != output.end() ? chooseMime(*data).mime : std::string();
        if ((image == "image/png" || image == "image/jpeg") && (*data)[image].is_string()) {
            const auto meta = output.find("metadata");
            QSizeF size = ImageOutput::metadataSize(meta != output.end() ? *meta : nlohmann::json(), image);
            if (size.isEmpty())
                size = ImageCache::pngSize((*data)[image].get_ref<const std::string&>());
            if (!size.isEmpty()) {
                if (width > 0 && size.width() > width)
                    size *= width / size.width();
                height += static_cast<int>(size.height()) + blockGap;
                continue;
            }
        }
        const QString shown = OutputText::source(output);
        const int lines = 1 + static_cast<int>(shown.count(u'\n')) - (shown.endsWith(u'\n') ? 1 : 0);
        height += std::min(lines, TextOutput::headLines + TextOutput::tailLines + 1) * lineHeight;
    }
    return height;
}

void OutputArea::prefetchImages(const nlohmann::json& outputs, ImageCache& images)
{
    if (!outputs.is_array())
        return;
    for (const auto& output : outputs) {
        const auto data = output.is_object() ? output.find("data") : output.end();
        if (!output.is_object() || data == output.end())
            continue;
        const std::string mime = chooseMime(*data).mime;
        if ((mime == "image/png" || mime == "image/jpeg") && (*data)[mime].is_string()) {
            const std::string& base64 = (*data)[mime].get_ref<const std::string&>();
            images.request(ImageCache::keyOf(base64), base64);
        }
    }
}

int OutputArea::noteHeight() const
{
    return QFontMetrics(m_noteFont).lineSpacing();
}

int OutputArea::height(int width)
{
    int y = 0;
    for (Block& block : m_blocks) {
        if (y > 0)
            y += blockGap;
        block.top = y;
        block.height = (block.note.isEmpty() ? 0 : noteHeight()) + (block.renderer ? block.renderer->height(width) : 0);
        y += block.height;
    }
    return y;
}

void OutputArea::paint(QPainter& painter, const QRect& rect) const
{
    const QRect clip = painter.hasClipping() ? painter.clipBoundingRect().toAlignedRect() : rect;
    for (const Block& block : m_blocks) {
        QRect blockRect(rect.left(), rect.top() + block.top, rect.width(), block.height);
        if (!blockRect.intersects(clip))
            continue;
        if (!block.note.isEmpty()) {
            painter.setFont(m_noteFont);
            painter.setPen(m_theme.timing);
            const QRect noteRect(blockRect.left(), blockRect.top(), blockRect.width(), noteHeight());
            painter.drawText(noteRect, Qt::AlignLeft | Qt::AlignVCenter,
                             painter.fontMetrics().elidedText(block.note, Qt::ElideRight, noteRect.width()));
            blockRect.setTop(noteRect.bottom() + 1);
        }
        if (block.renderer) {
            painter.save();
            painter.setClipRect(blockRect, Qt::IntersectClip);
            block.renderer->paint(painter, blockRect);
            painter.restore();
        }
    }
}

int OutputArea::blockAt(QPoint point, QPoint* local) const
{
    for (std::size_t i = 0; i < m_blocks.size(); ++i) {
        const Block& block = m_blocks[i];
        if (point.y() < block.top || point.y() >= block.top + block.height)
            continue;
        if (local)
            *local = QPoint(point.x(), point.y() - block.top - (block.note.isEmpty() ? 0 : noteHeight()));
        return static_cast<int>(i);
    }
    return -1;
}

bool OutputArea::pending() const
{
    return std::any_of(m_blocks.begin(), m_blocks.end(), [](const Block& b) { return b.renderer && b.renderer->pending(); });
}

QString OutputArea::text() const
{
    QStringList texts;
    for (const Block& block : m_blocks)
        if (block.renderer)
            texts << block.renderer->text();
    return texts.join(u'\n');
}

bool OutputArea::waitsForMath() const
{
    for (const Block& block : m_blocks) {
        const auto* document = dynamic_cast<const DocumentOutput*>(block.renderer.get());
        if (document && document->document() && MarkdownRenderer::waitsForMath(*document->document()))
            return true;
    }
    return false;
}

} // namespace Notebench::Editor

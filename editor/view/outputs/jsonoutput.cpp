#include "view/outputs/jsonoutput.h"

#include <QFontMetrics>
#include <QPainter>

namespace Notebench::Editor {

namespace {

constexpr int indentWidth = 16;

QString preview(const nlohmann::json& value)
{
    if (value.is_object())
        return value.empty() ? QStringLiteral("{}") : QStringLiteral("{…} %1 keys").arg(value.size());
    if (value.is_array())
        return value.empty() ? QStringLiteral("[]") : QStringLiteral("[…] %1 items").arg(value.size());
    // Scalars as JSON writes them; a long string is cut, the full value is in the copied text.
    QString text = QString::fromStdString(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (text.size() > 200)
        text = text.left(200) + QStringLiteral("…");
    return text;
}

std::string escapeToken(const std::string& key)
{
    // RFC 6901: '~' and '/' escaped in a pointer token.
    std::string out;
    for (char c : key)
        out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
}

} // namespace

JsonOutput::JsonOutput(nlohmann::json value, const OutputContext& context)
    : m_value(std::move(value))
    , m_font(context.codeFont)
    , m_theme(context.theme)
{
    m_open.insert("");   // the root starts open, as JupyterLab's tree does
    rebuildRows();
}

int JsonOutput::rowHeight() const
{
    return QFontMetrics(m_font).lineSpacing();
}

void JsonOutput::addRows(const nlohmann::json& value, const std::string& path, const QString& key, int depth)
{
    m_rows.push_back({&value, path, key, depth, 0});
    if (!value.is_structured() || !m_open.contains(path))
        return;
    std::size_t shown = 0;
    if (value.is_object()) {
        for (const auto& [childKey, child] : value.items()) {
            if (shown++ == maxChildren)
                break;
            addRows(child, path + "/" + escapeToken(childKey), QString::fromStdString(childKey), depth + 1);
        }
    } else {
        for (std::size_t i = 0; i < value.size() && shown < maxChildren; ++i, ++shown)
            addRows(value[i], path + "/" + std::to_string(i), QString::number(i), depth + 1);
    }
    if (value.size() > maxChildren)
        m_rows.push_back({nullptr, path, {}, depth + 1, value.size() - maxChildren});
}

void JsonOutput::rebuildRows()
{
    m_rows.clear();
    addRows(m_value, "", QStringLiteral("root"), 0);
}

QString JsonOutput::rowText(const Row& row) const
{
    if (!row.value)
        return QStringLiteral("… %1 more").arg(row.more);
    const QString marker = !row.value->is_structured() || row.value->empty() ? QStringLiteral("  ")
                           : m_open.contains(row.path)                       ? QStringLiteral("▾ ")
                                                                             : QStringLiteral("▸ ");
    const bool open = m_open.contains(row.path) && row.value->is_structured();
    return marker + row.key + QStringLiteral(": ") + (open ? (row.value->is_object() ? QStringLiteral("{") : QStringLiteral("["))
                                                          : preview(*row.value));
}

QStringList JsonOutput::rowTexts() const
{
    QStringList texts;
    for (const Row& row : m_rows)
        texts << QString(row.depth * 2, u' ') + rowText(row);
    return texts;
}

int JsonOutput::height(int)
{
    return static_cast<int>(m_rows.size()) * rowHeight();
}

void JsonOutput::paint(QPainter& painter, const QRect& rect)
{
    const int line = rowHeight();
    const QRectF clip = painter.hasClipping() ? painter.clipBoundingRect() : QRectF(rect);
    const int first = std::max(0, static_cast<int>((clip.top() - rect.top()) / line));
    const int last = std::min(static_cast<int>(m_rows.size()) - 1, static_cast<int>((clip.bottom() - rect.top()) / line));
    painter.setFont(m_font);
    const QFontMetrics metrics = painter.fontMetrics();
    for (int i = first; i <= last; ++i) {
        const Row& row = m_rows[static_cast<std::size_t>(i)];
        QRect rowRect(rect.left() + row.depth * indentWidth, rect.top() + i * line, rect.width() - row.depth * indentWidth, line);
        const QString text = rowText(row);
        // The key in the text colour, a scalar value in the colour the code editor gives its kind.
        const bool scalar = row.value && !row.value->is_structured();
        const qsizetype split = scalar ? text.indexOf(QLatin1String(": ")) + 2 : text.size();
        painter.setPen(m_theme.codeText);
        painter.drawText(rowRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, text.left(split));
        if (split >= text.size())
            continue;
        rowRect.setLeft(rowRect.left() + metrics.horizontalAdvance(text.left(split)));
        painter.setPen(row.value->is_string() ? m_theme.string : row.value->is_boolean() || row.value->is_null() ? m_theme.keyword : m_theme.number);
        painter.drawText(rowRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                         metrics.elidedText(text.mid(split), Qt::ElideRight, rowRect.width()));
    }
}

QString JsonOutput::text() const
{
    return QString::fromStdString(m_value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool JsonOutput::click(QPoint point)
{
    const int index = point.y() / rowHeight();
    if (index < 0 || index >= static_cast<int>(m_rows.size()))
        return false;
    const Row& row = m_rows[static_cast<std::size_t>(index)];
    if (!row.value || !row.value->is_structured() || row.value->empty())
        return false;
    if (!m_open.erase(row.path))
        m_open.insert(row.path);
    rebuildRows();
    return true;
}

} // namespace Notebench::Editor

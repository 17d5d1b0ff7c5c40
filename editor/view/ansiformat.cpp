#include "view/ansiformat.h"

#include <QTextCursor>

#include <array>

namespace Notebench::Editor {

QColor AnsiFormat::color(const AnsiColor& color)
{
    // JupyterLab's --jp-mirror-editor / ansi palette, normal then intense.
    static constexpr std::array<QRgb, 16> basic = {
        0x3e424d, 0xe75c58, 0x00a250, 0xddb62b, 0x208ffb, 0xd160c4, 0x60c6c8, 0xc5c1b4,
        0x282c36, 0xb22b31, 0x007427, 0xb27d12, 0x0065ca, 0xa03196, 0x258f8f, 0xa1a6b2,
    };
    switch (color.kind) {
    case AnsiColor::Kind::Default:
        return {};
    case AnsiColor::Kind::Rgb:
        return QColor(color.red, color.green, color.blue);
    case AnsiColor::Kind::Indexed:
        break;
    }
    const int index = color.index;
    if (index < 16)
        return QColor::fromRgb(basic[static_cast<std::size_t>(index)]);
    if (index < 232) {
        // xterm 6×6×6 cube: levels 0, 95, 135, 175, 215, 255.
        const int cube = index - 16;
        const auto level = [](int v) { return v == 0 ? 0 : 55 + v * 40; };
        return QColor(level(cube / 36), level((cube / 6) % 6), level(cube % 6));
    }
    const int grey = 8 + (index - 232) * 10;
    return QColor(grey, grey, grey);
}

QTextCharFormat AnsiFormat::format(const AnsiStyle& style, const QTextCharFormat& base)
{
    QTextCharFormat result = base;
    QColor foreground = color(style.foreground);
    QColor background = color(style.background);
    if (style.inverse) {
        const QColor baseForeground = base.foreground().style() != Qt::NoBrush ? base.foreground().color() : QColor(Qt::black);
        const QColor baseBackground = base.background().style() != Qt::NoBrush ? base.background().color() : QColor(Qt::white);
        std::swap(foreground, background);
        if (!foreground.isValid())
            foreground = baseBackground;
        if (!background.isValid())
            background = baseForeground;
    }
    if (foreground.isValid())
        result.setForeground(foreground);
    if (background.isValid())
        result.setBackground(background);
    if (style.bold)
        result.setFontWeight(QFont::Bold);
    if (style.italic)
        result.setFontItalic(true);
    if (style.underline)
        result.setFontUnderline(true);
    return result;
}

void AnsiFormat::insert(QTextCursor& cursor, QStringView text, const QTextCharFormat& base)
{
    for (const AnsiRun& run : AnsiText::parse(text))
        cursor.insertText(run.text, format(run.style, base));
}

} // namespace Notebench::Editor

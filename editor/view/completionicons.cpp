#include "view/completionicons.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace Notebench::Editor {

namespace {
struct Kind {
    const char* letter;
    QRgb colour;
};

// IPython (_jupyter_types_experimental) and jedi share most names; both spellings are here.
Kind kindOf(const QString& kind)
{
    static const QHash<QString, Kind> kinds = {
        {QStringLiteral("function"), {"f", 0x8e44ad}}, {QStringLiteral("method"), {"f", 0x8e44ad}},
        {QStringLiteral("class"), {"C", 0xd35400}},    {QStringLiteral("module"), {"M", 0x2471a3}},
        {QStringLiteral("keyword"), {"K", 0x7f8c8d}},  {QStringLiteral("instance"), {"o", 0x16a085}},
        {QStringLiteral("statement"), {"v", 0x2e86c1}}, {QStringLiteral("param"), {"p", 0x27ae60}},
        {QStringLiteral("property"), {"P", 0x16a085}}, {QStringLiteral("path"), {"/", 0x9c640c}},
        {QStringLiteral("dict key"), {"\"", 0xc0392b}}, {QStringLiteral("string"), {"\"", 0xc0392b}},
        {QStringLiteral("magic"), {"%", 0xb7950b}},
    };
    return kinds.value(kind, {"\u00b7", 0x95a5a6});
}
} // namespace

QString CompletionIcons::letter(const QString& kind)
{
    return QString::fromUtf8(kindOf(kind).letter);
}

QIcon CompletionIcons::icon(const QString& kind, bool dark)
{
    const Kind style = kindOf(kind);
    QIcon icon;
    for (const int size : {16, 32}) {   // 32 for high-DPI screens
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        QColor fill = QColor::fromRgb(style.colour);
        if (dark)
            fill = fill.lighter(125);
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), size / 5.0, size / 5.0);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(size * 11 / 16);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, QString::fromUtf8(style.letter));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace Notebench::Editor

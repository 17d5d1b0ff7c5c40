#include "view/inspecttooltip.h"

#include "view/ansiformat.h"
#include "view/ansitext.h"

#include <cmath>

#include <QFontDatabase>
#include <QScrollBar>
#include <QLabel>
#include <QTextBrowser>
#include <QTextCursor>

namespace Notebench::Editor {

InspectTooltip::InspectTooltip(QWidget* parent)
    : CaretWindow(new QTextBrowser, parent)
    , m_text(findChild<QTextBrowser*>())
{
    m_text->setLineWrapMode(QTextEdit::WidgetWidth);
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A scroll area's minimum height is several lines; signature help is one.
    m_text->setMinimumSize(1, 1);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTheme(m_theme);
}

void InspectTooltip::setTheme(const Theme& theme)
{
    m_theme = theme;
    m_text->setPalette(applyTheme(theme));
}

QString InspectTooltip::signatureOf(const QString& inspectText)
{
    const QStringList lines = AnsiText::plainText(inspectText).split(u'\n');
    QStringList signature;
    bool inside = false;
    for (const QString& line : lines) {
        const bool header = line.contains(QLatin1String("ignature:")) && !line.startsWith(u' ');
        if (header) {
            inside = true;
            signature << line.mid(line.indexOf(u':') + 1).trimmed();
        } else if (inside && line.startsWith(u' ')) {
            signature << line.trimmed();   // a long signature continues indented
        } else {
            inside = false;
        }
    }
    return signature.join(u'\n');
}

void InspectTooltip::showDocumentation(const Completion::Documentation& documentation, QPoint globalPos, Size size)
{
    m_size = size;
    m_text->clear();
    QTextCursor cursor(m_text->document());
    QTextCharFormat base;
    base.setForeground(m_theme.codeText);
    if (size == Size::Signature)
        cursor.insertText(signatureOf(documentation.text), base);
    else
        AnsiFormat::insert(cursor, documentation.text, base);
    m_text->moveCursor(QTextCursor::Start);
    footer()->setText(size == Size::Expanded ? tr("%1 · Esc closes").arg(Completion::sourceName(documentation.source))
                                             : tr("%1 · Shift+Tab for more, Esc closes").arg(Completion::sourceName(documentation.source)));
    footer()->setVisible(size != Size::Signature);
    const QFontMetrics metrics(m_text->font());
    const int width = size == Size::Expanded ? metrics.horizontalAdvance(QLatin1Char('x')) * 100 : metrics.horizontalAdvance(QLatin1Char('x')) * 80;
    // Measured at the width the text will have inside the window, so no scroll bar shows unless
    // the text is longer than the window may grow.
    const int scrollBar = m_text->verticalScrollBar()->sizeHint().width();
    m_text->document()->setTextWidth(width - 2 - 2 * m_text->frameWidth() - scrollBar);
    const int lines = size == Size::Expanded ? 30 : size == Size::Compact ? 10 : 3;
    const int documentHeight = static_cast<int>(std::ceil(m_text->document()->size().height())) + 2 * m_text->frameWidth() + 2;
    const int textHeight = std::min(documentHeight, lines * metrics.lineSpacing() + 8);
    const int footerHeight = footer()->isVisible() ? footer()->sizeHint().height() : 0;
    // The window's own frame and margins come on top of the text and the footer.
    resize(width, textHeight + footerHeight + 2 * frameWidth() + 2 + 2);
    // Signature help sits above the caret line, so the completion list below stays in sight.
    showNear(globalPos, metrics.lineSpacing(), size == Size::Signature);
}

QString InspectTooltip::plainText() const
{
    return m_text->toPlainText();
}

} // namespace Notebench::Editor

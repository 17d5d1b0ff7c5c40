#include "view/caretwindow.h"

#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>

namespace Notebench::Editor {

CaretWindow::CaretWindow(QWidget* content, QWidget* parent)
    : QFrame(parent, Qt::ToolTip | Qt::FramelessWindowHint)
    , m_footer(new QLabel(this))
{
    setAttribute(Qt::WA_ShowWithoutActivating);
    setFocusPolicy(Qt::NoFocus);
    setFrameStyle(QFrame::Box | QFrame::Plain);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->setSpacing(0);
    content->setParent(this);
    content->setFocusPolicy(Qt::NoFocus);
    if (auto* frame = qobject_cast<QFrame*>(content))
        frame->setFrameStyle(QFrame::NoFrame);
    m_footer->setContentsMargins(6, 2, 6, 2);
    QFont small = m_footer->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_footer->setFont(small);
    layout->addWidget(content);
    layout->addWidget(m_footer);
}

QPalette CaretWindow::applyTheme(const Theme& theme)
{
    QPalette palette = theme.palette();
    palette.setColor(QPalette::Base, theme.inputBackground);
    palette.setColor(QPalette::Window, theme.inputBackground);
    palette.setColor(QPalette::Text, theme.codeText);
    palette.setColor(QPalette::WindowText, theme.timing);
    palette.setColor(QPalette::Highlight, theme.selection);
    palette.setColor(QPalette::HighlightedText, theme.codeText);
    setPalette(palette);
    return palette;
}

void CaretWindow::showNear(QPoint belowCaret, int lineHeight, bool above)
{
    QPoint at = belowCaret;
    const int overLine = belowCaret.y() - lineHeight - height() - 2;
    if (above)
        at.setY(overLine);
    if (const QScreen* screen = QGuiApplication::screenAt(belowCaret)) {
        const QRect area = screen->availableGeometry();
        if (at.y() < area.top())
            at.setY(belowCaret.y());
        if (at.y() + height() > area.bottom())
            at.setY(std::max(area.top(), overLine));
        at.setX(std::clamp(at.x(), area.left(), std::max(area.left(), area.right() - width())));
    }
    move(at);
    show();
    raise();
}

} // namespace Notebench::Editor

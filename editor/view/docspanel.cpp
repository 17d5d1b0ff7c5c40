#include "view/docspanel.h"

#include "view/ansiformat.h"

#include <QFontDatabase>
#include <QLabel>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

namespace Notebench::Editor {

DocsPanel::DocsPanel(QWidget* parent)
    : QWidget(parent)
    , m_source(new QLabel(this))
    , m_text(new QTextBrowser(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(tr("Put the caret on a name in a code cell to see its documentation here."));
    layout->addWidget(m_source);
    layout->addWidget(m_text);
}

void DocsPanel::setTheme(const Theme& theme)
{
    QPalette palette = m_text->palette();
    palette.setColor(QPalette::Base, theme.inputBackground);
    palette.setColor(QPalette::Text, theme.codeText);
    m_text->setPalette(palette);
}

void DocsPanel::setDocumentation(const Completion::Documentation& documentation)
{
    if (!documentation.found)
        return;   // keep what was shown: the caret passed over punctuation or a fresh name
    m_text->clear();
    QTextCursor cursor(m_text->document());
    QTextCharFormat base;
    base.setForeground(m_text->palette().text());
    AnsiFormat::insert(cursor, documentation.text, base);
    m_text->moveCursor(QTextCursor::Start);
    m_source->setText(tr("From the %1").arg(documentation.source == Completion::Source::Kernel ? tr("kernel") : tr("static analyser")));
}

QString DocsPanel::plainText() const
{
    return m_text->toPlainText();
}

} // namespace Notebench::Editor

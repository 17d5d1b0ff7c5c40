#include "view/inputprompt.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>

namespace Notebench::Editor {

namespace {
// Keys the field does not use (Esc, F-keys, a stray Ctrl chord) would otherwise travel up to the
// notebook view and be read as commands; an answer to input() is never a notebook command.
class PromptField : public QLineEdit {
public:
    using QLineEdit::QLineEdit;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        QLineEdit::keyPressEvent(event);
        event->accept();
    }
};
} // namespace

InputPrompt::InputPrompt(const QString& prompt, bool password, QWidget* parent)
    : QWidget(parent)
    , m_prompt(new QLabel(prompt, this))
    , m_field(new PromptField(this))
{
    const QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_prompt->setFont(code);
    m_prompt->setTextFormat(Qt::PlainText);
    m_field->setFont(code);
    m_field->setEchoMode(password ? QLineEdit::Password : QLineEdit::Normal);
    m_field->setPlaceholderText(password ? tr("password — Enter to send") : tr("Enter to send"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_prompt);
    layout->addWidget(m_field, 1);
    setFocusProxy(m_field);
    connect(m_field, &QLineEdit::returnPressed, this, [this] { emit submitted(m_field->text()); });
}

bool InputPrompt::isPassword() const
{
    return m_field->echoMode() == QLineEdit::Password;
}

} // namespace Notebench::Editor

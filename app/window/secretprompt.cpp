#include "app/window/secretprompt.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Notebench::App {

SecretPrompt::SecretPrompt(const QString &title, const QString &message, QWidget *parent)
    : QDialog(parent)
    , m_message(new QLabel(message, this))
    , m_secret(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Remember in the system keychain"), this))
    , m_keychainNote(new QLabel(this))
    , m_ok(nullptr)
{
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    layout->addWidget(m_message);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    layout->addWidget(m_secret);
    m_remember->setChecked(false);
    layout->addWidget(m_remember);
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setTextFormat(Qt::PlainText);
    m_keychainNote->hide();
    layout->addWidget(m_keychainNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setEnabled(false);
    connect(m_secret, &QLineEdit::textChanged, this, [this](const QString &text) { m_ok->setEnabled(!text.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_secret->setFocus();
}

QString SecretPrompt::secret() const
{
    return m_secret->text();
}

bool SecretPrompt::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void SecretPrompt::setKeychainUnavailable(const QString &reason)
{
    m_remember->setChecked(false);
    m_remember->setEnabled(false);
    m_keychainNote->setText(reason);
    m_keychainNote->show();
}

} // namespace Notebench::App

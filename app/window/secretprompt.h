#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Notebench::App {

/// Asks for a key's passphrase or a login password, masked, as ssh-askpass does, with an
/// unchecked "Remember in the system keychain" box: a secret is kept only when the user asks.
class SecretPrompt : public QDialog
{
    Q_OBJECT
public:
    SecretPrompt(const QString &title, const QString &message, QWidget *parent = nullptr);

    QString secret() const;
    /// The box was checked (and the keychain was not known to be missing).
    bool remember() const;
    /// The keychain cannot keep it: the box is disabled and says why.
    void setKeychainUnavailable(const QString &reason);

    QLabel *messageLabel() const { return m_message; }
    QLabel *keychainNote() const { return m_keychainNote; }
    QLineEdit *secretEdit() const { return m_secret; }
    QCheckBox *rememberBox() const { return m_remember; }
    QPushButton *okButton() const { return m_ok; }

private:
    QLabel *m_message;
    QLineEdit *m_secret;
    QCheckBox *m_remember;
    QLabel *m_keychainNote;
    QPushButton *m_ok;
};

} // namespace Notebench::App

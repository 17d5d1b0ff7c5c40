#include "app/window/settingsdialog.h"

#include "app/secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

namespace Notebench::App {

namespace {
const QString themeKey = QStringLiteral("appearance/theme");
const QString confirmRestartKey = QStringLiteral("kernel/confirmRestart");
} // namespace

SettingsDialog::SettingsDialog(const QString &keymapPath, QWidget *parent)
    : QDialog(parent)
    , m_theme(new QComboBox(this))
    , m_confirmRestart(new QCheckBox(tr("Ask before restarting the kernel"), this))
{
    setWindowTitle(tr("Settings"));
    auto *form = new QFormLayout(this);
    m_theme->addItem(tr("Follow the system"), int(ThemeChoice::System));
    m_theme->addItem(tr("Light"), int(ThemeChoice::Light));
    m_theme->addItem(tr("Dark"), int(ThemeChoice::Dark));
    m_theme->setCurrentIndex(m_theme->findData(int(themeChoice())));
    form->addRow(tr("Theme:"), m_theme);
    m_confirmRestart->setChecked(confirmRestart());
    form->addRow(QString(), m_confirmRestart);

    auto *keymap = new QLabel(tr("Keyboard shortcuts are read from <code>%1</code> (JSON, over the Jupyter "
                                 "defaults; see Help → Keyboard Shortcuts).")
                                  .arg(keymapPath.toHtmlEscaped()),
                              this);
    keymap->setWordWrap(true);
    keymap->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *reload = new QPushButton(tr("Reload Keymap"), this);
    connect(reload, &QPushButton::clicked, this, &SettingsDialog::reloadKeymapRequested);
    form->addRow(tr("Keymap:"), keymap);
    form->addRow(QString(), reload);

    // Forgetting is immediate (not on OK): the keychain answers later, and the label says how it went.
    auto *forget = new QPushButton(tr("Forget Saved SSH Passwords"), this);
    auto *forgotten = new QLabel(this);
    forgotten->setWordWrap(true);
    forget->setEnabled(!SecretStore::storedKeys().isEmpty());
    connect(forget, &QPushButton::clicked, this, [this, forget, forgotten] {
        forget->setEnabled(false);
        auto *store = new SecretStore(this);
        store->forgetAll([store, forget, forgotten](int removed, const QString &error) {
            forgotten->setText(error.isEmpty() ? tr("%n saved passphrase(s) and password(s) removed from the system keychain.",
                                                    nullptr, removed)
                                               : error);
            forget->setEnabled(!SecretStore::storedKeys().isEmpty());
            store->deleteLater();
        });
    });
    form->addRow(tr("SSH:"), forget);
    form->addRow(QString(), forgotten);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

SettingsDialog::ThemeChoice SettingsDialog::themeChoice()
{
    const QString value = QSettings().value(themeKey).toString();
    if (value == QLatin1String("light"))
        return ThemeChoice::Light;
    if (value == QLatin1String("dark"))
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

void SettingsDialog::setThemeChoice(ThemeChoice choice)
{
    const char *names[] = {"system", "light", "dark"};
    QSettings().setValue(themeKey, QString::fromLatin1(names[int(choice)]));
}

bool SettingsDialog::confirmRestart()
{
    return QSettings().value(confirmRestartKey, true).toBool();
}

void SettingsDialog::accept()
{
    setThemeChoice(ThemeChoice(m_theme->currentData().toInt()));
    QSettings().setValue(confirmRestartKey, m_confirmRestart->isChecked());
    QDialog::accept();
}

} // namespace Notebench::App

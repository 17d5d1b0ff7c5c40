#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;

namespace Notebench::App {

/// The app's settings, kept in QSettings: the theme (follow the system, light, dark), whether a
/// kernel restart asks first, and where the user's keymap lives. Changes apply when accepted.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class ThemeChoice { System, Light, Dark };

    SettingsDialog(const QString &keymapPath, QWidget *parent = nullptr);

    static ThemeChoice themeChoice();
    static void setThemeChoice(ThemeChoice choice);
    /// Jupyter asks before a restart; people running many restarts turn it off.
    static bool confirmRestart();

signals:
    /// The keymap file should be read again (the user edited it).
    void reloadKeymapRequested();

protected:
    void accept() override;

private:
    QComboBox *m_theme;
    QCheckBox *m_confirmRestart;
};

} // namespace Notebench::App

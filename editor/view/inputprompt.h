#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace Notebench::Editor {

/// The kernel asks for a line (input() or getpass()): the prompt text and a field, shown inline
/// below the cell's outputs as Jupyter does. Every key typed here stays here, so notebook
/// shortcuts never fire while the user answers; getpass() masks what is typed.
class InputPrompt : public QWidget {
    Q_OBJECT
public:
    InputPrompt(const QString& prompt, bool password, QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    bool isPassword() const;

signals:
    /// Enter in the field: the answer for the kernel.
    void submitted(const QString& value);

private:
    QLabel* m_prompt;
    QLineEdit* m_field;
};

} // namespace Notebench::Editor

#pragma once

#include "completion/completions.h"
#include "view/theme.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace Notebench::Editor {

/// The docs panel (a dock in the window): the documentation of the name at the caret, following
/// it as it moves (JupyterLab's contextual help). It keeps the last thing found while the caret
/// is on something without documentation.
class DocsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DocsPanel(QWidget* parent = nullptr);

    void setDocumentation(const Completion::Documentation& documentation);
    QString plainText() const;
    void setTheme(const Theme& theme);

private:
    QLabel* m_source;
    QTextBrowser* m_text;
};

} // namespace Notebench::Editor

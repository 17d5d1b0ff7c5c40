#pragma once

#include "view/outputs/outputrenderer.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace Notebench::Editor {

/// An application/json output as a collapsible tree, like JupyterLab's: the root open, every
/// other object or array closed until clicked. Only open nodes produce rows, and an open node
/// shows at most `maxChildren` children, so a large document costs what is on screen.
class JsonOutput : public OutputRenderer {
public:
    static constexpr int maxChildren = 1000;

    JsonOutput(nlohmann::json value, const OutputContext& context);

    Kind kind() const override { return Kind::Json; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override;
    bool click(QPoint point) override;

    /// The rows as text, one per line ("▾ key: {…}" style), for tests.
    QStringList rowTexts() const;
    int rowHeight() const;

private:
    struct Row {
        const nlohmann::json* value = nullptr;   // null for a "… more" row
        std::string path;                        // JSON pointer of the node
        QString key;
        int depth = 0;
        std::size_t more = 0;                    // children not shown, on a "… more" row
    };

    void rebuildRows();
    void addRows(const nlohmann::json& value, const std::string& path, const QString& key, int depth);
    QString rowText(const Row& row) const;

    nlohmann::json m_value;
    std::set<std::string> m_open;
    std::vector<Row> m_rows;
    QFont m_font;
    Theme m_theme;
};

} // namespace Notebench::Editor

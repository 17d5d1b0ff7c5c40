#pragma once

#include "app/outputrecorder.h"

namespace Notebench::Editor {
class NotebookModel;
}

namespace Notebench::App {

/// Sends recorded kernel output into the editor's model, which tells the views.
class ModelOutputSink : public OutputSink
{
public:
    explicit ModelOutputSink(Editor::NotebookModel &model) : m_model(model) {}
    nlohmann::json &outputs(std::size_t cellIndex) override;
    void setExecutionCount(std::size_t cellIndex, long long count) override;
    void outputsChanged(std::size_t cellIndex) override;

private:
    Editor::NotebookModel &m_model;
};

} // namespace Notebench::App

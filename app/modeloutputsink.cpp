#include "app/modeloutputsink.h"

#include "model/notebookmodel.h"

namespace Notebench::App {

nlohmann::json &ModelOutputSink::outputs(std::size_t cellIndex)
{
    return m_model.kernelOutputs(int(cellIndex));
}

void ModelOutputSink::setExecutionCount(std::size_t cellIndex, long long count)
{
    m_model.setExecutionCount(int(cellIndex), count);
}

void ModelOutputSink::outputsChanged(std::size_t cellIndex)
{
    m_model.notifyOutputsChanged(int(cellIndex));
}

} // namespace Notebench::App

#include "view/editorpool.h"

#include "view/celleditor.h"

namespace Notebench::Editor {

EditorPool::EditorPool(QWidget* host, std::function<void(CellEditor*)> setup)
    : m_host(host)
    , m_setup(std::move(setup))
{
}

CellEditor* EditorPool::editorFor(int index) const
{
    const auto it = m_live.find(index);
    return it == m_live.end() ? nullptr : it->second;
}

CellEditor* EditorPool::take(int index)
{
    CellEditor* editor = nullptr;
    if (!m_idle.empty()) {
        editor = m_idle.back();
        m_idle.pop_back();
    } else {
        editor = new CellEditor(m_host);
        m_setup(editor);
    }
    m_live[index] = editor;
    return editor;
}

void EditorPool::release(int index)
{
    const auto it = m_live.find(index);
    if (it == m_live.end())
        return;
    recycle(it->second);
    m_live.erase(it);
}

void EditorPool::releaseUnless(const std::function<bool(int)>& keep)
{
    for (auto it = m_live.begin(); it != m_live.end();) {
        if (keep(it->first)) {
            ++it;
            continue;
        }
        recycle(it->second);
        it = m_live.erase(it);
    }
}

void EditorPool::remap(const std::function<int(int)>& map)
{
    std::map<int, CellEditor*> remapped;
    for (const auto& [index, editor] : m_live) {
        const int to = map(index);
        if (to < 0) {
            recycle(editor);
            continue;
        }
        editor->setIndex(to);
        remapped.emplace(to, editor);
    }
    m_live = std::move(remapped);
}

void EditorPool::recycle(CellEditor* editor)
{
    editor->detach();
    editor->hide();
    if (static_cast<int>(m_idle.size()) < capacity)
        m_idle.push_back(editor);
    else
        editor->deleteLater();   // it may be the sender of the signal being handled
}

} // namespace Notebench::Editor

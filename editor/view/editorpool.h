#pragma once

#include <functional>
#include <map>
#include <vector>

class QWidget;

namespace Notebench::Editor {

class CellEditor;

/// The CellEditors of a virtualized view: the live ones keyed by cell index, and a few idle ones
/// kept for reuse, because creating a QScintilla widget costs far more than re-attaching one.
class EditorPool {
public:
    /// Idle editors kept for reuse; more are deleted.
    static constexpr int capacity = 4;

    /// Editors are created as children of `host`; `setup` runs once on each new one (connections).
    EditorPool(QWidget* host, std::function<void(CellEditor*)> setup);

    CellEditor* editorFor(int index) const;
    int liveCount() const { return static_cast<int>(m_live.size()); }
    const std::map<int, CellEditor*>& live() const { return m_live; }

    /// An editor registered for `index` (an idle one when there is one); the caller attaches it.
    CellEditor* take(int index);
    /// Detaches and hides the editor of `index`, if any, and keeps it for reuse.
    void release(int index);
    /// Releases every live editor whose index `keep` rejects.
    void releaseUnless(const std::function<bool(int)>& keep);
    /// Re-keys live editors after cells were inserted, removed or moved; `map` gives -1 for a removed cell.
    void remap(const std::function<int(int)>& map);

private:
    void recycle(CellEditor* editor);

    QWidget* m_host;
    std::function<void(CellEditor*)> m_setup;
    std::map<int, CellEditor*> m_live;
    std::vector<CellEditor*> m_idle;
};

} // namespace Notebench::Editor

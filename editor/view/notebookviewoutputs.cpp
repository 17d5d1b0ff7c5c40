// NotebookView's output half: clicks on links and JSON trees, the output context menu, wheel
// scrolling inside a scrolled output area (Shift+O), and repainting as images finish decoding.
#include "view/notebookview.h"

#include "model/notebookmodel.h"
#include "view/outputs/outputactions.h"
#include "view/outputs/outputarea.h"
#include "view/outputs/textoutput.h"

#include <QDesktopServices>
#include <QMouseEvent>
#include <QMenu>
#include <QScrollBar>
#include <QUrl>
#include <QWheelEvent>

namespace Notebench::Editor {

OutputArea* NotebookView::outputArea(int index) const
{
    return index >= 0 && index < m_layout.count() ? m_layout.slot(index).outputs.get() : nullptr;
}

QRect NotebookView::outputRect(int index) const
{
    if (index < 0 || index >= m_layout.count() || m_layout.slot(index).outputHeight <= 0)
        return {};
    return CellPainter::outputRect(cellRect(index), m_layout.slot(index));
}

int NotebookView::pendingVisibleOutputs() const
{
    const auto [first, last] = visibleCells();
    int pending = 0;
    for (int i = std::max(first, 0); i <= last; ++i)
        pending += m_layout.slot(i).outputs && m_layout.slot(i).outputs->pending() ? 1 : 0;
    return pending;
}

bool NotebookView::outputsScrolled(int index) const
{
    return index >= 0 && index < m_layout.count() && CellSizer::scrollsOutputs(m_model->cell(index), m_layout.slot(index));
}

int NotebookView::outputHit(QPoint viewportPoint, int* block, QPoint* local) const
{
    const QPoint content = viewportPoint + QPoint(0, verticalScrollBar()->value());
    const int index = m_layout.indexAt(content.y());
    const QRect rect = outputRect(index);
    const OutputArea* area = outputArea(index);
    if (!area || !rect.contains(content))
        return -1;
    const QPoint inArea = content - rect.topLeft() + QPoint(0, m_layout.slot(index).outputScroll);
    *block = area->blockAt(inArea, local);
    return *block >= 0 ? index : -1;
}

bool NotebookView::clickOutput(QPoint viewportPoint)
{
    int block = -1;
    QPoint local;
    const int index = outputHit(viewportPoint, &block, &local);
    if (index < 0)
        return false;
    OutputRenderer* renderer = outputArea(index)->renderer(block);
    if (!renderer)
        return false;
    if (const QString anchor = renderer->anchorAt(local); !anchor.isEmpty()) {
        // The "… more lines — Open full output" line of a long stream: the tab opens the viewer.
        if (const QString file = TextOutput::spillFileOfLink(anchor); !file.isEmpty()) {
            emit fullOutputRequested(index, file);
            return true;
        }
        // Only web and mail links leave the app, and only on a click (the sanitiser kept no others).
        const QUrl url(anchor);
        const QString scheme = url.scheme().toLower();
        if (scheme == u"http" || scheme == u"https" || scheme == u"mailto")
            QDesktopServices::openUrl(url);
        return true;
    }
    if (!renderer->click(local))
        return false;
    measure(index);
    layoutViewport();
    return true;
}

bool NotebookView::addOutputActions(QMenu& menu, QPoint viewportPoint)
{
    int block = -1;
    QPoint local;
    const int index = outputHit(viewportPoint, &block, &local);
    if (index < 0)
        return false;
    OutputActions::fillMenu(menu, m_layout.slot(index).outputs, block, this);
    return !menu.isEmpty();
}

void NotebookView::toggleOutputScrolling()
{
    const int first = std::min(m_model->selection().anchor, m_model->cursor());
    const int last = std::max(m_model->selection().anchor, m_model->cursor());
    for (int i = std::max(0, first); i <= last && i < m_layout.count(); ++i) {
        if (m_model->cell(i).type != Document::CellType::Code)
            continue;
        CellSlot& slot = m_layout.slot(i);
        slot.outputScrolled = !CellSizer::scrollsOutputs(m_model->cell(i), slot);
        slot.outputScroll = 0;
        measure(i);
    }
    layoutViewport();
}

void NotebookView::wheelEvent(QWheelEvent* event)
{
    const QPoint content = event->position().toPoint() + QPoint(0, verticalScrollBar()->value());
    const int index = m_layout.indexAt(content.y());
    if (index >= 0 && outputRect(index).contains(content)) {
        CellSlot& slot = m_layout.slot(index);
        const int range = slot.outputContentHeight - slot.outputHeight;
        const int delta = -event->angleDelta().y() * verticalScrollBar()->singleStep() / 40;
        const int scroll = std::clamp(slot.outputScroll + delta, 0, std::max(0, range));
        // Inside a scrolled area the wheel scrolls the output until it reaches its end, then the notebook.
        if (range > 0 && scroll != slot.outputScroll) {
            slot.outputScroll = scroll;
            viewport()->update();
            event->accept();
            return;
        }
    }
    QAbstractScrollArea::wheelEvent(event);
}

void NotebookView::mouseMoveEvent(QMouseEvent* event)
{
    int block = -1;
    QPoint local;
    const int index = outputHit(event->position().toPoint(), &block, &local);
    const OutputRenderer* renderer = index >= 0 ? outputArea(index)->renderer(block) : nullptr;
    if (renderer && !renderer->anchorAt(local).isEmpty())
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
    QAbstractScrollArea::mouseMoveEvent(event);
}

void NotebookView::onImageDecoded()
{
    // Heights are known before decoding, except for images without a readable header: measuring
    // again settles those, and the outputs kept on screen meanwhile can go.
    layoutViewport();
}

} // namespace Notebench::Editor

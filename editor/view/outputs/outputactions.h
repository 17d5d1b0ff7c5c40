#pragma once

#include <QString>

#include <memory>

class QMenu;
class QWidget;

namespace Notebench::Editor {

class OutputArea;
class OutputRenderer;

/// What the right-click menu of an output block offers: copy its text, save an image as PNG or
/// SVG, and open the whole output in a read-only viewer window.
namespace OutputActions {

/// Adds the actions that apply to block `index` of `area` to `menu` (the actions keep the area
/// alive: output may arrive while the menu is open); dialogs and the viewer are parented to `parent`.
void fillMenu(QMenu& menu, const std::shared_ptr<OutputArea>& area, int index, QWidget* parent);
/// Puts the block's text on the clipboard (an image's pixels too, for pasting into other programs).
void copy(const OutputRenderer& renderer);
/// Writes the image to `path`: SVG source when `path` ends in .svg and the output is SVG, else PNG.
/// Returns a sentence saying what went wrong, "" on success.
QString saveImage(const OutputRenderer& renderer, const QString& path);
/// Asks where to save (a file dialog), then saves; problems are reported in a message box.
void saveImageInteractively(const OutputRenderer& renderer, bool svg, QWidget* parent);
/// A read-only viewer window with `text` (deleted when closed); returned for tests.
QWidget* openViewer(const QString& title, const QString& text, QWidget* parent);

} // namespace OutputActions

} // namespace Notebench::Editor

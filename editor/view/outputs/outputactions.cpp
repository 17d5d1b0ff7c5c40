#include "view/outputs/outputactions.h"

#include "view/outputs/outputarea.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSaveFile>

namespace Notebench::Editor::OutputActions {

void copy(const OutputRenderer& renderer)
{
    auto* data = new QMimeData;
    data->setText(renderer.text());
    if (const QImage image = renderer.image(); !image.isNull())
        data->setImageData(image);
    QGuiApplication::clipboard()->setMimeData(data);
}

QString saveImage(const OutputRenderer& renderer, const QString& path)
{
    const bool svg = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    if (svg) {
        const QByteArray source = renderer.svg();
        if (source.isEmpty())
            return QObject::tr("This output is not an SVG image; save it as PNG instead.");
        file.write(source);
    } else {
        const QImage image = renderer.image();
        if (image.isNull())
            return QObject::tr("This output has no image to save.");
        if (!image.save(&file, "PNG"))
            return QObject::tr("Could not encode the image as PNG.");
    }
    if (!file.commit())
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

void saveImageInteractively(const OutputRenderer& renderer, bool svg, QWidget* parent)
{
    const QString path = QFileDialog::getSaveFileName(parent, svg ? QObject::tr("Save Image as SVG") : QObject::tr("Save Image as PNG"),
                                                      svg ? QStringLiteral("output.svg") : QStringLiteral("output.png"),
                                                      svg ? QObject::tr("SVG images (*.svg)") : QObject::tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (const QString problem = saveImage(renderer, path); !problem.isEmpty())
        QMessageBox::warning(parent, QObject::tr("Save Image"), problem);
}

QWidget* openViewer(const QString& title, const QString& text, QWidget* parent)
{
    auto* viewer = new QPlainTextEdit(parent);
    viewer->setWindowFlag(Qt::Window);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->setWindowTitle(title);
    viewer->setReadOnly(true);
    viewer->setLineWrapMode(QPlainTextEdit::NoWrap);
    viewer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewer->setPlainText(text);
    viewer->resize(900, 600);
    viewer->show();
    return viewer;
}

void fillMenu(QMenu& menu, const std::shared_ptr<OutputArea>& area, int index, QWidget* parent)
{
    const OutputRenderer* renderer = area->renderer(index);
    if (!renderer)
        return;
    // Each action holds the area, so the block outlives a change of the cell's outputs meanwhile.
    const auto on = [area, index](auto action) { return [area, index, action] { action(*area->renderer(index)); }; };
    menu.addAction(QObject::tr("Copy Output"), on([](const OutputRenderer& block) { copy(block); }));
    if (!renderer->svg().isEmpty())
        menu.addAction(QObject::tr("Save Image as SVG…"),
                       on([parent](const OutputRenderer& block) { saveImageInteractively(block, true, parent); }));
    if (renderer->kind() == OutputRenderer::Kind::Image || renderer->kind() == OutputRenderer::Kind::Svg)
        menu.addAction(QObject::tr("Save Image as PNG…"),
                       on([parent](const OutputRenderer& block) { saveImageInteractively(block, false, parent); }));
    menu.addAction(QObject::tr("Open Output in Viewer"),
                   on([parent](const OutputRenderer& block) { openViewer(QObject::tr("Output"), block.text(), parent); }));
}

} // namespace Notebench::Editor::OutputActions

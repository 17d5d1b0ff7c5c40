// tests/data/every_output.ipynb (made by make_every_output.py) in a NotebookView offscreen: every
// output becomes a block of the expected kind and a plausible height, images are painted, and
// the output actions (copy, save as PNG / SVG, viewer, context menu), O / Shift+O, the JSON tree
// click and clear_output-style replacement without an empty frame all work.
#include "document/reader.h"
#include "model/notebookmodel.h"
#include "view/notebookview.h"
#include "view/outputs/imagecache.h"
#include "view/outputs/outputactions.h"
#include "view/outputs/outputarea.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Notebench;
using namespace Notebench::Editor;
using Kind = OutputRenderer::Kind;

namespace {

QStringList g_warnings;

void collectWarnings(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    // The offscreen platform and QTest's synthetic mouse speak up about themselves; those are
    // not ours. Everything else (QtSvg, image readers, QTextDocument) is.
    if (message.startsWith(QLatin1String("This plugin does not support")) || message.startsWith(QLatin1String("Mouse event")))
        return;
    if (type != QtDebugMsg && type != QtInfoMsg)
        g_warnings << message;
}

Document::Notebook everyOutput()
{
    Document::ReadResult result = Document::readNotebookFile(NOTEBENCH_TEST_DATA_DIR "/every_output.ipynb");
    if (!result.notebook)
        qFatal("every_output.ipynb: %s", result.error ? result.error->toString().c_str() : "unreadable");
    return std::move(*result.notebook);
}

std::string pngBase64(QColor colour)
{
    QImage image(100, 60, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toBase64().toStdString();
}

nlohmann::json imageOutputs(QColor colour)
{
    return nlohmann::json::array({{{"output_type", "display_data"}, {"metadata", nlohmann::json::object()},
                                   {"data", {{"image/png", pngBase64(colour)}, {"text/plain", "<Figure>"}}}}});
}

struct Shown {
    explicit Shown(Document::Notebook notebook)
        : model(std::move(notebook))
        , view(&model)
    {
        view.resize(900, 700);
        view.show();
    }
    // Scrolls the cell into view and waits until its images are decoded.
    OutputArea* area(int index)
    {
        view.scrollToCell(index);
        OutputArea* area = view.outputArea(index);
        if (area && !QTest::qWaitFor([area] { return !area->pending(); }, 5000))
            return nullptr;
        return view.outputArea(index);
    }
    QColor pixelAt(QPoint content)
    {
        const QImage frame = view.viewport()->grab().toImage();
        return frame.pixelColor(content - QPoint(0, view.verticalScrollBar()->value()));
    }
    NotebookModel model;
    NotebookView view;
};

} // namespace

class TestEveryOutput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyKindHasItsBlock_data();
    void everyKindHasItsBlock();
    void imagesArePainted();
    void outputActions();
    void contextMenuOffersOutputActions();
    void jsonTreeOpensWithAClick();
    void linksOpenOnlyWhenClicked();
    void collapseAndScrollOutputs();
    void replacedOutputsNeverFlashEmpty();
    void noWarnings();
};

void TestEveryOutput::initTestCase()
{
    qInstallMessageHandler(collectWarnings);
}

void TestEveryOutput::everyKindHasItsBlock_data()
{
    QTest::addColumn<int>("cell");
    QTest::addColumn<QList<Kind>>("kinds");
    QTest::addColumn<QString>("note");
    QTest::addColumn<int>("minHeight");
    QTest::addColumn<int>("maxHeight");
    QTest::newRow("streams with ANSI") << 1 << QList<Kind>{Kind::Text, Kind::Text} << "" << 20 << 200;
    QTest::newRow("error traceback") << 2 << QList<Kind>{Kind::Text} << "" << 40 << 300;
    QTest::newRow("text/plain") << 3 << QList<Kind>{Kind::Text} << "" << 8 << 60;
    QTest::newRow("DataFrame html") << 4 << QList<Kind>{Kind::Html} << "" << 80 << 400;
    QTest::newRow("png at logical size") << 5 << QList<Kind>{Kind::Image} << "" << 160 << 160;
    QTest::newRow("jpeg") << 6 << QList<Kind>{Kind::Image} << "" << 32 << 32;
    QTest::newRow("svg") << 7 << QList<Kind>{Kind::Svg} << "" << 120 << 120;
    QTest::newRow("markdown") << 8 << QList<Kind>{Kind::Markdown} << "" << 40 << 300;
    QTest::newRow("latex") << 9 << QList<Kind>{Kind::Latex} << "" << 8 << 80;
    QTest::newRow("json") << 10 << QList<Kind>{Kind::Json} << "" << 40 << 200;
    QTest::newRow("javascript") << 11 << QList<Kind>{Kind::Text} << "JavaScript output not run" << 10 << 80;
    QTest::newRow("pdf") << 12 << QList<Kind>{Kind::Text} << "PDF output not embedded" << 10 << 80;
    QTest::newRow("widget") << 13 << QList<Kind>{Kind::Text} << "Widget view not shown" << 10 << 80;
}

void TestEveryOutput::everyKindHasItsBlock()
{
    QFETCH(int, cell);
    QFETCH(QList<Kind>, kinds);
    QFETCH(QString, note);
    QFETCH(int, minHeight);
    QFETCH(int, maxHeight);
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QCOMPARE(s.model.cellCount(), 14);
    OutputArea* area = s.area(cell);
    QVERIFY2(area, "outputs built and decoded");
    QCOMPARE(area->count(), kinds.size());
    int total = 0;
    for (int i = 0; i < area->count(); ++i) {
        QVERIFY(area->renderer(i));
        QCOMPARE(area->renderer(i)->kind(), kinds[i]);
        QVERIFY(!area->renderer(i)->text().isEmpty());
        total += area->block(i).height;
    }
    QVERIFY2(area->block(0).note.contains(note), qPrintable(area->block(0).note));
    const int height = area->block(0).height;
    QVERIFY2(height >= minHeight && height <= maxHeight + (note.isEmpty() ? 0 : 30), qPrintable(QStringLiteral("height %1").arg(height)));
    QVERIFY(s.view.outputRect(cell).height() >= total);
}

void TestEveryOutput::imagesArePainted()
{
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QVERIFY(s.area(5));
    // The gradient PNG's blue channel is 160 everywhere; the page behind it is white.
    const QRect image = s.view.outputRect(5);
    QCOMPARE(s.pixelAt(image.topLeft() + QPoint(120, 80)).blue(), 160);
    QVERIFY(s.pixelAt(image.topLeft() + QPoint(120, 80)) != s.pixelAt(image.topLeft() + QPoint(400, 80)));
    QVERIFY(s.area(7));
    const QRect svg = s.view.outputRect(7);
    QCOMPARE(s.pixelAt(svg.topLeft() + QPoint(60, 60)), QColor(0xff, 0x70, 0x43));   // the SVG's circle
}

void TestEveryOutput::outputActions()
{
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QTemporaryDir dir;
    OutputArea* png = s.area(5);
    QVERIFY(png);
    QCOMPARE(OutputActions::saveImage(*png->renderer(0), dir.filePath("plot.png")), QString());
    QCOMPARE(QImage(dir.filePath("plot.png")).size(), QSize(120, 80));   // full resolution, not the shown size
    QVERIFY(!OutputActions::saveImage(*png->renderer(0), dir.filePath("plot.svg")).isEmpty());   // not SVG: a sentence
    OutputArea* svg = s.area(7);
    QVERIFY(svg);
    QCOMPARE(OutputActions::saveImage(*svg->renderer(0), dir.filePath("drawing.svg")), QString());
    QFile saved(dir.filePath("drawing.svg"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().startsWith("<svg"));
    // Through the file dialog, as the menu does it.
    QTimer::singleShot(200, [&dir] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->setDirectory(dir.path());
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        name->setText(QStringLiteral("asked.png"));
        QMetaObject::invokeMethod(dialog, "accept");
    });
    OutputActions::saveImageInteractively(*svg->renderer(0), false, &s.view);
    QCOMPARE(QImage(dir.filePath("asked.png")).size(), QSize(240, 120));

    OutputArea* html = s.area(4);
    QVERIFY(html);
    OutputActions::copy(*html->renderer(0));
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.contains(QLatin1String("Lyon")) && copied.contains(QLatin1String("[remote tracker]")), qPrintable(copied));
    QVERIFY(!copied.contains(QLatin1String("owned")));
    OutputArea* error = s.area(2);
    QVERIFY(error);
    auto* viewer = qobject_cast<QPlainTextEdit*>(OutputActions::openViewer("Output", error->renderer(0)->text(), &s.view));
    QVERIFY(viewer && viewer->isReadOnly());
    QVERIFY(viewer->toPlainText().contains(QLatin1String("ZeroDivisionError: division by zero")));
    QVERIFY(!viewer->toPlainText().contains(QChar(0x1b)));
    viewer->close();
}

void TestEveryOutput::contextMenuOffersOutputActions()
{
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QVERIFY(s.area(7));
    const QPoint at = s.view.outputRect(7).topLeft() + QPoint(20, 20) - QPoint(0, s.view.verticalScrollBar()->value());
    QStringList labels;
    QTimer::singleShot(200, [&labels] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction* action : menu->actions())
            labels << action->text();
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, s.view.viewport()->mapToGlobal(at));
    QApplication::sendEvent(s.view.viewport(), &event);
    QVERIFY2(labels.mid(0, 4) == QStringList({"Copy Output", "Save Image as SVG…", "Save Image as PNG…", "Open Output in Viewer"}),
             qPrintable(labels.join(u'|')));
    QVERIFY(labels.size() > 6);   // the cell's own menu follows
}

void TestEveryOutput::jsonTreeOpensWithAClick()
{
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QVERIFY(s.area(10));
    const int before = s.view.outputRect(10).height();
    const int line = before / 4;   // root, name, nested, version: four rows
    // "nested" is the second row (keys sorted: name, nested, version).
    const QPoint row = s.view.outputRect(10).topLeft() + QPoint(30, 2 * line + line / 2) - QPoint(0, s.view.verticalScrollBar()->value());
    QTest::mouseClick(s.view.viewport(), Qt::LeftButton, Qt::NoModifier, row);
    QCOMPARE(s.view.outputRect(10).height(), before + 3 * line);
}

// Takes the URLs QDesktopServices would hand to the system browser.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void open(const QUrl& url) { urls << url; }
};

void TestEveryOutput::linksOpenOnlyWhenClicked()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    Shown s(everyOutput());
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    OutputArea* html = s.area(4);
    QVERIFY(html);
    const QRect output = s.view.outputRect(4);
    QPoint link;
    for (int y = 0; y < output.height() && link.isNull(); y += 2)
        for (int x = 0; x < 400 && link.isNull(); x += 3)
            if (html->renderer(0)->anchorAt(QPoint(x, y)) == u"https://pandas.pydata.org/")
                link = output.topLeft() + QPoint(x, y) - QPoint(0, s.view.verticalScrollBar()->value());
    QVERIFY2(!link.isNull(), "the link is laid out");
    QTest::mouseMove(s.view.viewport(), link);
    QCOMPARE(s.view.viewport()->cursor().shape(), Qt::PointingHandCursor);
    QVERIFY(catcher.urls.isEmpty());   // hovering opens nothing
    QTest::mouseClick(s.view.viewport(), Qt::LeftButton, Qt::NoModifier, link);
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://pandas.pydata.org/"))});
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestEveryOutput::collapseAndScrollOutputs()
{
    Document::Notebook notebook;
    Document::Cell& cell = notebook.insertCell(0, Document::CellType::Code, "for i in range(300): print(i)");
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += std::to_string(i) + "\n";
    cell.outputs = nlohmann::json::array({{{"output_type", "stream"}, {"name", "stdout"}, {"text", text}}});
    notebook.insertCell(1, Document::CellType::Code, "x");
    Shown s(std::move(notebook));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    s.model.setCursor(0);
    const int full = s.view.outputRect(0).height();
    QVERIFY(full > 2000);
    QTest::keyClick(&s.view, Qt::Key_O, Qt::ShiftModifier);
    QVERIFY(s.view.outputsScrolled(0));
    const int scrolled = s.view.outputRect(0).height();
    QVERIFY2(scrolled < full / 4, qPrintable(QString::number(scrolled)));
    // The wheel over a scrolled output scrolls the output, not the notebook.
    s.view.verticalScrollBar()->setValue(0);
    const QPoint over = s.view.outputRect(0).center();
    QWheelEvent wheel(over, s.view.viewport()->mapToGlobal(over), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    const QImage before = s.view.viewport()->grab().toImage();
    QApplication::sendEvent(s.view.viewport(), &wheel);
    QCOMPARE(s.view.verticalScrollBar()->value(), 0);
    QVERIFY(s.view.viewport()->grab().toImage() != before);
    QTest::keyClick(&s.view, Qt::Key_O, Qt::ShiftModifier);
    QVERIFY(!s.view.outputsScrolled(0));
    QCOMPARE(s.view.outputRect(0).height(), full);
    QTest::keyClick(&s.view, Qt::Key_O);   // collapse
    QVERIFY(s.view.outputRect(0).isEmpty());
    QTest::keyClick(&s.view, Qt::Key_O);
    QCOMPARE(s.view.outputRect(0).height(), full);
}

void TestEveryOutput::replacedOutputsNeverFlashEmpty()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "plot()").outputs = imageOutputs(Qt::red);
    Shown s(std::move(notebook));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QVERIFY(s.area(0));
    const QPoint inside = s.view.outputRect(0).topLeft() + QPoint(50, 30);
    QCOMPARE(s.pixelAt(inside), QColor(Qt::red));
    // clear_output(wait=True) then a new plot: the recorder applies both in one change; until
    // the new image is decoded the old one stays on screen.
    s.model.kernelOutputs(0) = imageOutputs(Qt::blue);
    s.model.notifyOutputsChanged(0);
    QCOMPARE(s.pixelAt(inside), QColor(Qt::red));
    QTRY_COMPARE_WITH_TIMEOUT(s.pixelAt(inside), QColor(Qt::blue), 5000);
}

void TestEveryOutput::noWarnings()
{
    QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
}

QTEST_MAIN(TestEveryOutput)
#include "tst_everyoutput.moc"

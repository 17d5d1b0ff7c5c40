#include "view/theme.h"

#include <QGuiApplication>

namespace Notebench::Editor {

Theme Theme::light()
{
    Theme t;
    t.isDark = false;
    t.background = QColor(0xff, 0xff, 0xff);
    t.text = QColor(0x21, 0x21, 0x21);
    t.commandBar = QColor(0x19, 0x76, 0xd2);   // --jp-brand-color1
    t.editBar = QColor(0x4c, 0xaf, 0x50);      // classic Notebook's edit-mode green
    t.selectedBackground = QColor(0xe3, 0xf2, 0xfd);
    t.inputBackground = QColor(0xf5, 0xf5, 0xf5);
    t.inputBorder = QColor(0xe0, 0xe0, 0xe0);
    t.editBorder = QColor(0x4c, 0xaf, 0x50);
    t.prompt = QColor(0x30, 0x7f, 0xc1);
    t.timing = QColor(0x75, 0x75, 0x75);
    t.running = QColor(0x2e, 0x7d, 0x32);
    t.previewRule = QColor(0xc8, 0xe6, 0xc9);
    t.stderrBackground = QColor(0xfd, 0xdd, 0xdd);
    t.codeBackground = QColor(0xee, 0xee, 0xee);   // --jp-layout-color2
    t.quote = QColor(0x61, 0x61, 0x61);            // --jp-content-font-color2
    t.tableBorder = QColor(0xbd, 0xbd, 0xbd);
    t.math = QColor(0x6a, 0x1b, 0x9a);
    // JupyterLab's CodeMirror light colours.
    t.codeText = QColor(0x21, 0x21, 0x21);
    t.keyword = QColor(0x00, 0x80, 0x00);
    t.string = QColor(0xba, 0x21, 0x21);
    t.comment = QColor(0x40, 0x80, 0x80);
    t.number = QColor(0x00, 0x88, 0x00);
    t.definition = QColor(0x00, 0x00, 0xff);
    t.decorator = QColor(0xaa, 0x22, 0xff);
    t.operatorColor = QColor(0xaa, 0x22, 0xff);
    t.lineNumber = QColor(0x99, 0x99, 0x99);
    t.selection = QColor(0xd9, 0xd9, 0xd9);
    t.caret = QColor(0x00, 0x00, 0x00);
    return t;
}

Theme Theme::dark()
{
    Theme t;
    t.isDark = true;
    t.background = QColor(0x11, 0x11, 0x11);
    t.text = QColor(0xe0, 0xe0, 0xe0);
    t.commandBar = QColor(0x42, 0xa5, 0xf5);
    t.editBar = QColor(0x66, 0xbb, 0x6a);
    t.selectedBackground = QColor(0x1a, 0x2a, 0x3a);
    t.inputBackground = QColor(0x21, 0x21, 0x21);
    t.inputBorder = QColor(0x42, 0x42, 0x42);
    t.editBorder = QColor(0x66, 0xbb, 0x6a);
    t.prompt = QColor(0x64, 0xb5, 0xf6);
    t.timing = QColor(0x9e, 0x9e, 0x9e);
    t.running = QColor(0x81, 0xc7, 0x84);
    t.previewRule = QColor(0x2e, 0x5e, 0x32);
    t.stderrBackground = QColor(0x4a, 0x1f, 0x1f);
    t.codeBackground = QColor(0x2a, 0x2a, 0x2a);
    t.quote = QColor(0xb0, 0xb0, 0xb0);
    t.tableBorder = QColor(0x61, 0x61, 0x61);
    t.math = QColor(0xce, 0x93, 0xd8);
    // JupyterLab dark's CodeMirror colours.
    t.codeText = QColor(0xe0, 0xe0, 0xe0);
    t.keyword = QColor(0x81, 0xc7, 0x84);
    t.string = QColor(0xff, 0x8a, 0x80);
    t.comment = QColor(0x80, 0xcb, 0xc4);
    t.number = QColor(0xa5, 0xd6, 0xa7);
    t.definition = QColor(0x64, 0xb5, 0xf6);
    t.decorator = QColor(0xce, 0x93, 0xd8);
    t.operatorColor = QColor(0xce, 0x93, 0xd8);
    t.lineNumber = QColor(0x75, 0x75, 0x75);
    t.selection = QColor(0x42, 0x42, 0x42);
    t.caret = QColor(0xff, 0xff, 0xff);
    return t;
}

Theme Theme::forPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? dark() : light();
}

Theme Theme::current()
{
    return forPalette(QGuiApplication::palette());
}

QPalette Theme::palette() const
{
    QPalette p;
    const QColor window = isDark ? QColor(0x21, 0x21, 0x21) : QColor(0xef, 0xef, 0xef);
    const QColor button = isDark ? QColor(0x30, 0x30, 0x30) : QColor(0xe8, 0xe8, 0xe8);
    const QColor disabled = isDark ? QColor(0x75, 0x75, 0x75) : QColor(0x9e, 0x9e, 0x9e);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, background);
    p.setColor(QPalette::AlternateBase, inputBackground);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, inputBackground);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Highlight, commandBar);
    p.setColor(QPalette::HighlightedText, QColor(Qt::white));
    p.setColor(QPalette::Link, prompt);
    p.setColor(QPalette::BrightText, QColor(Qt::red));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace Notebench::Editor

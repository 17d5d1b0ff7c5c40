#include "view/markdownimages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

#include <vector>

namespace Notebench::Editor {

namespace {

const QColor altTextColor(0x75, 0x75, 0x75);

QImage fromAttachment(const QString& name, const nlohmann::json& attachments)
{
    const auto entry = attachments.is_object() ? attachments.find(name.toStdString()) : attachments.end();
    if (!attachments.is_object() || entry == attachments.end() || !entry->is_object())
        return {};
    for (const auto& [mime, data] : entry->items()) {
        if (!data.is_string() || mime.rfind("image/", 0) != 0)
            continue;
        const QByteArray raw = QByteArray::fromStdString(data.get<std::string>());
        // nbformat keeps binary images base64; an SVG may be stored as its text.
        const bool text = mime == "image/svg+xml" && raw.trimmed().startsWith('<');
        const QImage image = QImage::fromData(text ? raw : QByteArray::fromBase64(raw));
        if (!image.isNull())
            return image;
    }
    return {};
}

QImage fromDataUrl(const QString& name)
{
    // data:[<mime>][;base64],<data>
    const qsizetype comma = name.indexOf(u',');
    if (comma < 0)
        return {};
    const QStringView header = QStringView(name).mid(5, comma - 5);
    const QByteArray payload = name.mid(comma + 1).toLatin1();
    const QByteArray bytes = header.endsWith(u";base64") ? QByteArray::fromBase64(payload)
                                                         : QByteArray::fromPercentEncoding(payload);
    return QImage::fromData(bytes);
}

QImage fromFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile() || info.size() > MarkdownImages::maxFileSize)
        return {};
    return QImage(info.absoluteFilePath());
}

struct ImageAt {
    int position;
    QTextImageFormat format;
};

} // namespace

QImage MarkdownImages::load(const QString& name, const nlohmann::json& attachments, const QString& baseDirectory)
{
    if (name.startsWith(u"attachment:", Qt::CaseInsensitive))
        return fromAttachment(name.mid(11), attachments);
    if (name.startsWith(u"data:", Qt::CaseInsensitive))
        return fromDataUrl(name);
    const QUrl url(name);
    if (url.scheme().compare(u"file", Qt::CaseInsensitive) == 0)
        return fromFile(url.toLocalFile());
    // Any other scheme is remote (http, https, ftp, …) and a drive letter ("C:") is no scheme.
    if (!url.scheme().isEmpty() && url.scheme().size() > 1)
        return {};
    const QString path = url.isValid() && url.scheme().isEmpty() ? url.path() : name;
    if (QDir::isAbsolutePath(path))
        return fromFile(path);
    return baseDirectory.isEmpty() ? QImage() : fromFile(QDir(baseDirectory).filePath(path));
}

void MarkdownImages::resolve(QTextDocument& document, const nlohmann::json& attachments, const QString& baseDirectory,
                             int maxWidth)
{
    std::vector<ImageAt> images;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (const QTextCharFormat format = it.fragment().charFormat(); format.isImageFormat())
                for (int i = 0; i < it.fragment().length(); ++i)   // adjacent equal images share a fragment
                    images.push_back({it.fragment().position() + i, format.toImageFormat()});

    // Back to front, so replacing an image by longer alt text leaves the positions before it valid.
    for (auto it = images.rbegin(); it != images.rend(); ++it) {
        QTextCursor cursor(&document);
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + 1, QTextCursor::KeepAnchor);
        QTextImageFormat format = it->format;
        const QImage image = load(format.name(), attachments, baseDirectory);
        if (image.isNull()) {
            QString alt = format.property(QTextFormat::ImageAltText).toString().trimmed();
            if (alt.isEmpty())
                alt = format.name();
            QTextCharFormat text;
            text.setForeground(altTextColor);
            text.setFontItalic(true);
            text.setToolTip(format.name());
            cursor.insertText(alt, text);
            continue;
        }
        document.addResource(QTextDocument::ImageResource, QUrl(format.name()), image);
        // An HTML width/height attribute wins, as in a browser; either way the image fits the cell.
        double width = format.width() > 0 ? format.width() : image.width();
        double height = format.height() > 0 ? format.height()
                                            : (format.width() > 0 ? image.height() * width / image.width() : image.height());
        if (maxWidth > 0 && width > maxWidth) {
            height *= maxWidth / width;
            width = maxWidth;
        }
        format.setWidth(width);
        format.setHeight(height);
        cursor.setCharFormat(format);
    }
}

} // namespace Notebench::Editor

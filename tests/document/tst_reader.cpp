// The reader: every kind of broken input gives a ReadError naming the place, never an exception or a crash;
// v3 is upgraded; both multi-line forms are accepted; 4.5 cell ids are repaired with a notice.
#include "document/reader.h"

#include <QtTest>

#include <set>
#include <string>

using namespace Notebench::Document;

namespace {

// A minimal nbformat 4 document around the given cells JSON.
QByteArray notebookWith(const QByteArray& cells, int minor = 5)
{
    return "{\"cells\": " + cells + ", \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": "
        + QByteArray::number(minor) + "}";
}

QByteArray codeCell(const QByteArray& outputs, const QByteArray& source = "\"x\"")
{
    return "{\"cell_type\": \"code\", \"id\": \"c1\", \"metadata\": {}, \"execution_count\": 1, \"source\": " + source
        + ", \"outputs\": " + outputs + "}";
}

ReadResult read(const QByteArray& bytes)
{
    return readNotebook(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), "bad.ipynb");
}

} // namespace

class TestReader : public QObject {
    Q_OBJECT

private slots:
    void errors_data();
    void errors();
    void acceptsStringsOrLists();
    void keepsUnknownKeys();
    void stripsTransientKeys();
    void upgradesV3();
    void repairsCellIds();
    void olderMinorKeepsNoIds();
    void newerMinorIsReadWithNotice();
    void missingFileIsAnError();
    void insertCellGivesUniqueIds();
    void detectsIndent_data();
    void detectsIndent();
};

void TestReader::errors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("message");

    const QByteArray goodCell = codeCell("[]");
    QTest::newRow("empty file") << QByteArray() << "" << "empty";
    QTest::newRow("whitespace only") << QByteArray(" \n\t") << "" << "empty";
    QTest::newRow("truncated object") << QByteArray("{\"cells\": [") << "line 1, column 12" << "truncated";
    QTest::newRow("truncated string") << QByteArray("{\"cells\": [\"abc") << "line 1, column 16"
                                      << "inside a string (the file looks truncated)";
    QTest::newRow("truncated notebook") << notebookWith("[" + goodCell + "]").left(60) << "line 1, column 61"
                                        << "truncated";
    QTest::newRow("truncated escape") << QByteArray("{\"a\": \"\\u12") << "line 1, column 10" << "truncated";
    QTest::newRow("garbage") << QByteArray("hello world") << "line 1, column 1" << "unexpected character 'h'";
    QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02", 3) << "line 1, column 1" << "unexpected byte 0x00";
    QTest::newRow("trailing garbage") << QByteArray("{}\n}") << "line 2, column 1" << "after the end";
    QTest::newRow("single quotes") << QByteArray("{'a': 1}") << "line 1, column 2" << "quoted property name";
    QTest::newRow("trailing comma") << QByteArray("{\"a\": [1,]}") << "line 1, column 10" << "unexpected character ']'";
    QTest::newRow("leading zero") << QByteArray("{\"a\": 01}") << "line 1, column 8" << "expected ',' or '}'";
    QTest::newRow("raw control char in string") << QByteArray("{\"a\": \"x\ty\"}") << "line 1, column 9"
                                                << "control character 0x09";
    QTest::newRow("bad escape") << QByteArray("{\"a\": \"\\q\"}") << "line 1, column 9" << "invalid escape";
    QTest::newRow("deep nesting 100000") << QByteArray(100000, '[') << "line 1, column 513" << "deeper than 512";
    QTest::newRow("deep nesting closed") << QByteArray(600, '[') + QByteArray(600, ']') << "line 1, column 513"
                                         << "deeper than 512";
    QTest::newRow("deep metadata") << "{\"metadata\": " + QByteArray(1000, '[') << "line 1, column 525"
                                   << "deeper than 512";
    QTest::newRow("invalid UTF-8 byte") << notebookWith("[" + codeCell("[]", "\"\xff\"") + "]") << "line 1, column 95"
                                        << "invalid UTF-8";
    QTest::newRow("overlong UTF-8") << QByteArray("{\"a\": \"\xC0\xAF\"}") << "line 1, column 8" << "invalid UTF-8";
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"a\": \"\xED\xA0\x80\"}") << "line 1, column 8"
                                     << "invalid UTF-8";
    QTest::newRow("truncated UTF-8") << QByteArray("{\"a\": \"\xE4\xB8\"}") << "line 1, column 8" << "invalid UTF-8";
    QTest::newRow("Latin-1 outside strings") << QByteArray("{\xE9}") << "line 1, column 2" << "invalid UTF-8";
    QTest::newRow("top-level list") << QByteArray("[]") << "" << "expected a JSON object (a notebook), found a list";
    QTest::newRow("top-level string") << QByteArray("\"nb\"") << "" << "found a string";
    QTest::newRow("missing nbformat") << QByteArray("{\"cells\": [], \"metadata\": {}}") << ""
                                      << "\"nbformat\" is missing";
    QTest::newRow("nbformat is text") << QByteArray("{\"nbformat\": \"4\"}") << "nbformat"
                                      << "expected a small whole number, found a string";
    QTest::newRow("v1") << QByteArray("{\"nbformat\": 1, \"cells\": []}") << "nbformat" << "nbformat 1 notebook, which is too old";
    QTest::newRow("v2") << QByteArray("{\"nbformat\": 2, \"worksheets\": []}") << "nbformat" << "nbformat 2 notebook";
    QTest::newRow("v5") << QByteArray("{\"nbformat\": 5, \"nbformat_minor\": 0}") << "nbformat"
                        << "nbformat 5 is not supported";
    QTest::newRow("v0") << QByteArray("{\"nbformat\": 0}") << "nbformat" << "not supported";
    QTest::newRow("missing minor") << QByteArray("{\"nbformat\": 4, \"cells\": [], \"metadata\": {}}") << ""
                                   << "\"nbformat_minor\" is missing";
    QTest::newRow("missing cells") << QByteArray("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}") << ""
                                   << "\"cells\" is missing";
    QTest::newRow("missing metadata") << QByteArray("{\"nbformat\": 4, \"nbformat_minor\": 5, \"cells\": []}") << ""
                                      << "\"metadata\" is missing";
    QTest::newRow("metadata is a list") << QByteArray("{\"nbformat\": 4, \"nbformat_minor\": 5, \"cells\": [], \"metadata\": []}")
                                        << "metadata" << "expected an object, found a list";
    QTest::newRow("cells not a list") << notebookWith("{}") << "cells" << "expected a list of cells, found an object";
    QTest::newRow("cell not an object") << notebookWith("[" + goodCell + ", 3]") << "cell 2"
                                        << "expected an object (a cell), found a number";
    QTest::newRow("cell_type missing") << notebookWith("[{\"metadata\": {}, \"source\": \"\"}]") << "cell 1"
                                       << "\"cell_type\" is missing";
    QTest::newRow("cell_type number") << notebookWith("[{\"cell_type\": 1, \"metadata\": {}}]") << "cell 1 \u203A cell_type"
                                      << "expected a string, found a number";
    QTest::newRow("cell metadata missing") << notebookWith("[{\"cell_type\": \"markdown\", \"source\": \"\"}]") << "cell 1"
                                           << "\"metadata\" is missing";
    QTest::newRow("source missing") << notebookWith("[{\"cell_type\": \"markdown\", \"metadata\": {}}]") << "cell 1"
                                    << "\"source\" is missing";
    QTest::newRow("source a number") << notebookWith("[" + codeCell("[]", "42") + "]") << "cell 1 \u203A source"
                                     << "expected a string or a list of strings, found a number";
    QTest::newRow("source list with null") << notebookWith("[" + codeCell("[]", "[\"a\\n\", null]") + "]")
                                           << "cell 1 \u203A source[1]" << "expected a string (a line of text), found null";
    QTest::newRow("outputs missing") << notebookWith("[{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"\"}]")
                                     << "cell 1" << "\"outputs\" is missing";
    QTest::newRow("outputs an object") << notebookWith("[" + codeCell("{}") + "]") << "cell 1 \u203A outputs"
                                       << "expected a list of outputs, found an object";
    QTest::newRow("execution_count text") << notebookWith("[" + codeCell("[]").replace("\"execution_count\": 1", "\"execution_count\": \"1\"") + "]")
                                          << "cell 1 \u203A execution_count" << "expected an integer or null, found a string";
    QTest::newRow("stream text a number")
        << notebookWith("[" + goodCell + ", " + goodCell + ", "
                        + codeCell("[{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"ok\"}, "
                                   "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": 5}]") + "]")
        << "cell 3 \u203A outputs[1] \u203A text" << "expected a string or a list of strings, found a number";
    QTest::newRow("output_type missing") << notebookWith("[" + codeCell("[{\"text\": \"x\"}]") + "]")
                                         << "cell 1 \u203A outputs[0]" << "\"output_type\" is missing";
    QTest::newRow("output not an object") << notebookWith("[" + codeCell("[[]]") + "]") << "cell 1 \u203A outputs[0]"
                                          << "expected an object, found a list";
    QTest::newRow("data a list") << notebookWith("[" + codeCell("[{\"output_type\": \"display_data\", \"data\": [], \"metadata\": {}}]") + "]")
                                 << "cell 1 \u203A outputs[0] \u203A data" << "expected an object, found a list";
    QTest::newRow("mime value a number")
        << notebookWith("[" + codeCell("[{\"output_type\": \"display_data\", \"data\": {\"text/plain\": 5}, \"metadata\": {}}]") + "]")
        << "cell 1 \u203A outputs[0] \u203A data \u203A text/plain" << "expected a string or a list of strings, found a number";
    QTest::newRow("execute_result without count")
        << notebookWith("[" + codeCell("[{\"output_type\": \"execute_result\", \"data\": {}, \"metadata\": {}}]") + "]")
        << "cell 1 \u203A outputs[0]" << "\"execution_count\" is missing";
    QTest::newRow("error without traceback")
        << notebookWith("[" + codeCell("[{\"output_type\": \"error\", \"ename\": \"E\", \"evalue\": \"v\"}]") + "]")
        << "cell 1 \u203A outputs[0]" << "\"traceback\" is missing";
    QTest::newRow("attachments a list")
        << notebookWith("[{\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {}, \"source\": \"\", \"attachments\": []}]")
        << "cell 1 \u203A attachments" << "expected an object, found a list";
    QTest::newRow("attachment value a number")
        << notebookWith("[{\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {}, \"source\": \"\", "
                        "\"attachments\": {\"a.png\": {\"image/png\": 1}}}]")
        << "cell 1 \u203A attachments \u203A a.png \u203A image/png" << "found a number";
    QTest::newRow("v3 worksheets not a list") << QByteArray("{\"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": 1}")
                                              << "worksheets" << "expected a list, found a number";
}

void TestReader::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, where);
    QFETCH(QString, message);
    ReadResult result;
    try {
        result = read(bytes);
    } catch (...) {
        QFAIL("an exception escaped readNotebook");
    }
    QVERIFY2(!result.notebook.has_value(), "a broken file must not give a notebook");
    QVERIFY(result.error.has_value());
    QCOMPARE(QString::fromStdString(result.error->file), QStringLiteral("bad.ipynb"));
    QCOMPARE(QString::fromStdString(result.error->where), where);
    QVERIFY2(QString::fromStdString(result.error->message).contains(message),
             qPrintable(QString::fromStdString(result.error->message)));
    const QString sentence = QString::fromStdString(result.error->toString());
    QVERIFY2(sentence.startsWith(where.isEmpty() ? QStringLiteral("bad.ipynb: ") : "bad.ipynb: " + where + ": "),
             qPrintable(sentence));
    QVERIFY(sentence.endsWith(QLatin1Char('.')));
}

void TestReader::acceptsStringsOrLists()
{
    const QByteArray cells = "[" + codeCell(
        "[{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"a\\n\", \"b\"]},"
        " {\"output_type\": \"stream\", \"name\": \"stderr\", \"text\": \"c\\nd\"},"
        " {\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/plain\": [\"x\", \"y\"],"
        "  \"image/png\": [\"QUJD\", \"REVG\"], \"application/json\": [\"kept\", \"as list\"], \"text/html\": \"<b>\"}}]",
        "[\"line1\\n\", \"line2\"]")
        + ", {\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {}, \"source\": \"plain\","
          "   \"attachments\": {\"a.png\": {\"image/png\": [\"AA\", \"BB\"], \"text/plain\": \"t\"}}}]";
    const ReadResult result = read(notebookWith(cells));
    QVERIFY2(result.notebook, result.error ? result.error->toString().c_str() : "");
    const Notebook& nb = *result.notebook;
    QCOMPARE(nb.cells.size(), std::size_t(2));
    QCOMPARE(nb.cells[0].source, std::string("line1\nline2"));
    QCOMPARE(nb.cells[0].outputs[0]["text"], nlohmann::json("a\nb"));
    QCOMPARE(nb.cells[0].outputs[1]["text"], nlohmann::json("c\nd"));
    const nlohmann::json& data = nb.cells[0].outputs[2]["data"];
    QCOMPARE(data["text/plain"], nlohmann::json("xy"));
    QCOMPARE(data["image/png"], nlohmann::json("QUJDREVG"));
    QCOMPARE(data["application/json"], nlohmann::json::array({"kept", "as list"}));
    QCOMPARE(data["text/html"], nlohmann::json("<b>"));
    QCOMPARE(nb.cells[1].type, CellType::Markdown);
    QCOMPARE(nb.cells[1].source, std::string("plain"));
    QCOMPARE(nb.cells[1].attachments["a.png"]["image/png"], nlohmann::json("AABB"));
    QVERIFY(nb.cells[0].attachments.is_null());
    QCOMPARE(nb.cells[0].executionCount, std::optional<long long>(1));
}

void TestReader::keepsUnknownKeys()
{
    const QByteArray bytes = "{\"cells\": [{\"cell_type\": \"widget\", \"id\": \"w\", \"metadata\": {}, \"source\": [\"a\", \"b\"], \"blob\": 1},"
                             " {\"cell_type\": \"raw\", \"id\": \"r\", \"metadata\": {\"format\": \"text/x\"}, \"source\": \"\", \"zzz\": [1]}],"
                             " \"metadata\": {\"custom\": {\"deep\": [1.5, null]}}, \"nbformat\": 4, \"nbformat_minor\": 5, \"top\": true}";
    const ReadResult result = read(bytes);
    QVERIFY(result.notebook);
    const Notebook& nb = *result.notebook;
    QCOMPARE(nb.cells[0].type, CellType::Unknown);
    QCOMPARE(nb.cells[0].cellTypeName, std::string("widget"));
    QCOMPARE(nb.cells[0].extra["source"], nlohmann::json("ab"));
    QCOMPARE(nb.cells[0].extra["blob"], nlohmann::json(1));
    QCOMPARE(nb.cells[1].extra["zzz"], nlohmann::json::array({1}));
    QCOMPARE(nb.metadata["custom"]["deep"][0], nlohmann::json(1.5));
    QCOMPARE(nb.extra["top"], nlohmann::json(true));
}

void TestReader::stripsTransientKeys()
{
    const QByteArray bytes = "{\"cells\": [{\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {\"trusted\": true, \"tags\": []}, \"source\": \"\"}],"
                             " \"metadata\": {\"signature\": \"sha256:x\", \"orig_nbformat\": 3, \"orig_nbformat_minor\": 0, \"k\": 1},"
                             " \"nbformat\": 4, \"nbformat_minor\": 5}";
    const ReadResult result = read(bytes);
    QVERIFY(result.notebook);
    QCOMPARE(result.notebook->metadata, nlohmann::json({{"k", 1}}));
    QCOMPARE(result.notebook->cells[0].metadata, nlohmann::json({{"tags", nlohmann::json::array()}}));
}

void TestReader::upgradesV3()
{
    const QByteArray v3 = R"NB({
 "metadata": {"name": "old", "signature": "sha256:1"},
 "nbformat": 3, "nbformat_minor": 0,
 "worksheets": [{"metadata": {}, "cells": [
  {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Title\n", "words"]},
  {"cell_type": "code", "collapsed": false, "input": ["import x\n", "x"], "language": "python", "metadata": {},
   "prompt_number": 3, "outputs": [
    {"output_type": "stream", "stream": "stderr", "text": ["warn\n"]},
    {"output_type": "pyout", "prompt_number": 3, "metadata": {"png": {"width": 4}}, "text": ["42"], "png": "QUJD",
     "html": ["<b>\n", "x</b>"], "json": "{\"a\": [1, 2]}", "latex": "$x$", "svg": "<svg/>", "javascript": "f()",
     "jpeg": "/9j/"},
    {"output_type": "display_data", "metadata": {}, "text": "plain"},
    {"output_type": "pyerr", "ename": "E", "evalue": "v", "traceback": ["t"]}]},
  {"cell_type": "markdown", "metadata": {}, "source": ["a", "b"]},
  {"cell_type": "raw", "metadata": {"trusted": true}, "source": "r"}]}]
})NB";
    const ReadResult result = read(v3);
    QVERIFY2(result.notebook, result.error ? result.error->toString().c_str() : "");
    const Notebook& nb = *result.notebook;
    QCOMPARE(nb.nbformat, 4);
    QCOMPARE(nb.nbformatMinor, 5);
    QVERIFY(!result.notices.empty());
    QVERIFY(QString::fromStdString(result.notices.back()).contains(QStringLiteral("Upgraded from nbformat 3")));
    QCOMPARE(nb.metadata, nlohmann::json::object());
    QCOMPARE(nb.cells.size(), std::size_t(4));
    QCOMPARE(nb.cells[0].type, CellType::Markdown);
    QCOMPARE(nb.cells[0].source, std::string("## Title words"));
    const Cell& code = nb.cells[1];
    QCOMPARE(code.type, CellType::Code);
    QCOMPARE(code.source, std::string("import x\nx"));
    QCOMPARE(code.executionCount, std::optional<long long>(3));
    QCOMPARE(code.metadata, nlohmann::json({{"collapsed", false}}));
    QVERIFY(!code.extra.contains("language"));
    QCOMPARE(code.outputs[0], nlohmann::json({{"output_type", "stream"}, {"name", "stderr"}, {"text", "warn\n"}}));
    const nlohmann::json& result0 = code.outputs[1];
    QCOMPARE(result0["output_type"], nlohmann::json("execute_result"));
    QCOMPARE(result0["execution_count"], nlohmann::json(3));
    QCOMPARE(result0["metadata"], nlohmann::json({{"image/png", {{"width", 4}}}}));
    const nlohmann::json expectedData = {{"text/plain", "42"}, {"image/png", "QUJD"}, {"text/html", "<b>\nx</b>"},
                                         {"application/json", {{"a", {1, 2}}}}, {"text/latex", "$x$"},
                                         {"image/svg+xml", "<svg/>"}, {"application/javascript", "f()"},
                                         {"image/jpeg", "/9j/"}};
    QCOMPARE(result0["data"], expectedData);
    QCOMPARE(code.outputs[2], nlohmann::json({{"output_type", "display_data"}, {"metadata", nlohmann::json::object()},
                                              {"data", {{"text/plain", "plain"}}}}));
    QCOMPARE(code.outputs[3]["output_type"], nlohmann::json("error"));
    QCOMPARE(nb.cells[2].source, std::string("a\nb")); // v3 lists without line ends were joined with "\n"
    QCOMPARE(nb.cells[3].type, CellType::Raw);
    QCOMPARE(nb.cells[3].metadata, nlohmann::json::object());
    std::set<std::string> ids;
    for (const Cell& cell : nb.cells) {
        QVERIFY(isValidCellId(cell.id));
        ids.insert(cell.id);
    }
    QCOMPARE(ids.size(), nb.cells.size());
}

void TestReader::repairsCellIds()
{
    const QByteArray cells = R"([
 {"cell_type": "markdown", "id": "same", "metadata": {}, "source": ""},
 {"cell_type": "markdown", "id": "same", "metadata": {}, "source": ""},
 {"cell_type": "markdown", "id": "bad id!", "metadata": {}, "source": ""},
 {"cell_type": "markdown", "metadata": {}, "source": ""},
 {"cell_type": "markdown", "id": 7, "metadata": {}, "source": ""},
 {"cell_type": "markdown", "id": "", "metadata": {}, "source": ""},
 {"cell_type": "markdown", "id": "x-_9", "metadata": {}, "source": ""}])";
    const ReadResult result = read(notebookWith(cells, 5));
    QVERIFY(result.notebook);
    const auto& nbCells = result.notebook->cells;
    QCOMPARE(nbCells[0].id, std::string("same"));
    QCOMPARE(nbCells[6].id, std::string("x-_9"));
    std::set<std::string> ids;
    for (const Cell& cell : nbCells) {
        QVERIFY2(isValidCellId(cell.id), cell.id.c_str());
        ids.insert(cell.id);
    }
    QCOMPARE(ids.size(), nbCells.size());
    QCOMPARE(result.notices.size(), std::size_t(5));
    const QString all = QString::fromStdString(result.notices[0] + result.notices[1] + result.notices[2]
                                               + result.notices[3] + result.notices[4]);
    QVERIFY2(all.contains(QStringLiteral("repeated the id \"same\"")), qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("invalid id \"bad id!\"")));
    QVERIFY(all.contains(QStringLiteral("cell 4 had no id")));
    QVERIFY(all.contains(QStringLiteral("cell 5: the id is a number")));
}

void TestReader::olderMinorKeepsNoIds()
{
    const ReadResult result = read(notebookWith("[{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"\"}]", 4));
    QVERIFY(result.notebook);
    QVERIFY(result.notices.empty());
    QCOMPARE(result.notebook->nbformatMinor, 4);
    QVERIFY(!result.notebook->usesCellIds());
    QVERIFY(result.notebook->cells[0].id.empty());
}

void TestReader::newerMinorIsReadWithNotice()
{
    const ReadResult result = read(notebookWith("[]", 7));
    QVERIFY(result.notebook);
    QCOMPARE(result.notebook->nbformatMinor, 7);
    QCOMPARE(result.notices.size(), std::size_t(1));
}

void TestReader::missingFileIsAnError()
{
    const ReadResult result = readNotebookFile("/nonexistent/dir/missing.ipynb");
    QVERIFY(!result.notebook);
    QVERIFY(result.error);
    QVERIFY(QString::fromStdString(result.error->toString()).startsWith(QStringLiteral("/nonexistent/dir/missing.ipynb: cannot open")));
}

void TestReader::insertCellGivesUniqueIds()
{
    Notebook nb;
    for (int i = 0; i < 200; ++i)
        nb.insertCell(0, CellType::Code);
    std::set<std::string> ids;
    for (const Cell& cell : nb.cells) {
        QVERIFY(isValidCellId(cell.id));
        QCOMPARE(cell.id.size(), std::size_t(8));
        ids.insert(cell.id);
    }
    QCOMPARE(ids.size(), std::size_t(200));
    Cell& last = nb.insertCell(1000, CellType::Markdown, "# hi");
    QCOMPARE(&last, &nb.cells.back());
    QCOMPARE(nb.cells.back().source, std::string("# hi"));

    Notebook old;
    old.nbformatMinor = 4;
    QVERIFY(old.insertCell(0, CellType::Raw).id.empty());
    QCOMPARE(old.languageName(), std::string("python"));
    old.metadata["language_info"] = {{"name", "julia"}};
    QCOMPARE(old.languageName(), std::string("julia"));
    old.metadata["kernelspec"] = {{"name", "ir"}, {"language", "R"}};
    QCOMPARE(old.languageName(), std::string("R"));
    QCOMPARE(old.kernelName(), std::string("ir"));
    QVERIFY(!isValidCellId(std::string(65, 'a')));
    QVERIFY(isValidCellId(std::string(64, 'a')));
}

void TestReader::detectsIndent_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("indent");
    const QByteArray body = "\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5\n}";
    QTest::newRow("jupyter") << "{\n " + body << 1;
    QTest::newRow("colab") << "{\n  " + body << 2;
    QTest::newRow("four spaces normalised") << "{\n    " + body << 1;
    QTest::newRow("compact") << "{" + body << 1;
    QTest::newRow("tabs") << "{\n\t" + body << 1;
}

void TestReader::detectsIndent()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, indent);
    const ReadResult result = read(bytes);
    QVERIFY(result.notebook);
    QCOMPARE(result.notebook->indent, indent);
}

QTEST_GUILESS_MAIN(TestReader)
#include "tst_reader.moc"

// Kernelspec discovery (jupyter_client KernelSpecManager rules), kernel.json parsing, argv templating,
// and the Jupyter data-dir search order read from the environment.
#include "protocol/kernelspecfinder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace Notebench::Protocol;
namespace fs = std::filesystem;

namespace {

struct SpecFile {
    int dataDir;      // index into the finder's data dirs
    QString name;     // kernel directory name
    QString json;     // kernel.json text; empty: a directory without kernel.json
};
using Layout = QList<SpecFile>;
using Values = std::map<std::string, std::string>;
using Argv = std::vector<std::string>;
using Environment = QMap<QByteArray, QByteArray>;

QString validSpec(const QString &argv0)
{
    return QString(R"({"argv": ["%1", "-f", "{connection_file}"], "display_name": "D", "language": "python"})")
        .arg(argv0);
}

void writeFile(const fs::path &file, const QString &text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text.toStdString();
}

// Three data dirs under one temp dir, standing for JUPYTER_PATH, user and system.
std::vector<fs::path> makeDataDirs(const QTemporaryDir &root, const Layout &layout)
{
    const fs::path base = root.path().toStdString();
    std::vector<fs::path> dirs{base / "jupyter-path", base / "user", base / "system"};
    for (const SpecFile &spec : layout) {
        const fs::path dir = dirs[static_cast<std::size_t>(spec.dataDir)] / "kernels" / spec.name.toStdString();
        fs::create_directories(dir);
        if (!spec.json.isEmpty())
            writeFile(dir / "kernel.json", spec.json);
    }
    return dirs;
}

const char *const kEnvironment[] = {"JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "HOME", "VIRTUAL_ENV",
                                    "CONDA_PREFIX", "JUPYTER_PREFER_ENV_PATH"};

} // namespace

Q_DECLARE_METATYPE(Layout)
Q_DECLARE_METATYPE(Values)
Q_DECLARE_METATYPE(Argv)
Q_DECLARE_METATYPE(Environment)

class TestKernelSpecFinder : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void findAll_data();
    void findAll();
    void kernelDirsAppendKernels();
    void findIsCaseInsensitive();
    void notFoundListsNamesAndDirs();
    void notFoundMentionsMalformedSpec();
    void readsAllFields();
    void malformedSpecs_data();
    void malformedSpecs();
    void formatArgv_data();
    void formatArgv();
    void defaultDataDirs_data();
    void defaultDataDirs();
    void defaultFinderUsesJupyterPath();

private:
    QHash<QByteArray, std::optional<QByteArray>> m_savedEnvironment;
};

void TestKernelSpecFinder::initTestCase()
{
    for (const char *name : kEnvironment)
        m_savedEnvironment[name] = qEnvironmentVariableIsSet(name) ? std::optional(qgetenv(name)) : std::nullopt;
}

void TestKernelSpecFinder::cleanup()
{
    for (auto it = m_savedEnvironment.cbegin(); it != m_savedEnvironment.cend(); ++it) {
        if (it.value())
            qputenv(it.key().constData(), *it.value());
        else
            qunsetenv(it.key().constData());
    }
}

void TestKernelSpecFinder::findAll_data()
{
    QTest::addColumn<Layout>("layout");
    QTest::addColumn<QStringList>("expected");   // "name=argv[0]", sorted by name

    QTest::newRow("nothing installed") << Layout{} << QStringList{};
    QTest::newRow("single") << Layout{{0, "python3", validSpec("p")}} << QStringList{"python3=p"};
    QTest::newRow("first dir wins") << Layout{{2, "python3", validSpec("system")}, {1, "python3", validSpec("user")},
                                              {0, "python3", validSpec("path")}}
                                    << QStringList{"python3=path"};
    QTest::newRow("user beats system") << Layout{{1, "ir", validSpec("user")}, {2, "ir", validSpec("system")}}
                                       << QStringList{"ir=user"};
    QTest::newRow("names from every dir") << Layout{{0, "b", validSpec("b0")}, {2, "a", validSpec("a2")}}
                                          << QStringList{"a=a2", "b=b0"};
    QTest::newRow("upper case lower-cased") << Layout{{1, "Python3", validSpec("P")}} << QStringList{"python3=P"};
    QTest::newRow("case folds across dirs") << Layout{{0, "IR", validSpec("first")}, {1, "ir", validSpec("second")}}
                                            << QStringList{"ir=first"};
    QTest::newRow("invalid names skipped")
        << Layout{{0, "bad name", validSpec("x")}, {0, "plus+sign", validSpec("x")}, {0, "good.name_1-X", validSpec("g")}}
        << QStringList{"good.name_1-x=g"};
    QTest::newRow("dir without kernel.json") << Layout{{0, "empty", ""}, {1, "empty", validSpec("u")}}
                                             << QStringList{"empty=u"};
    QTest::newRow("malformed skipped, later valid used")
        << Layout{{0, "py", "{not json"}, {1, "py", validSpec("ok")}} << QStringList{"py=ok"};
    QTest::newRow("empty argv skipped") << Layout{{0, "e", R"({"argv": []})"}} << QStringList{};
    QTest::newRow("non-string argv skipped") << Layout{{0, "e", R"({"argv": ["python", 3]})"}} << QStringList{};
}

void TestKernelSpecFinder::findAll()
{
    QFETCH(Layout, layout);
    QFETCH(QStringList, expected);
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const KernelSpecFinder finder(makeDataDirs(root, layout));
    QStringList got;
    for (const KernelSpec &spec : finder.findAll())
        got << QString::fromStdString(spec.name + "=" + spec.argv.front());
    QCOMPARE(got, expected);
}

void TestKernelSpecFinder::kernelDirsAppendKernels()
{
    const KernelSpecFinder finder({"/a", "/b"});
    QCOMPARE(finder.kernelDirs(), (std::vector<fs::path>{"/a/kernels", "/b/kernels"}));
}

void TestKernelSpecFinder::findIsCaseInsensitive()
{
    QTemporaryDir root;
    const KernelSpecFinder finder(makeDataDirs(root, {{1, "Python3", validSpec("u")}, {2, "python3", validSpec("s")}}));
    for (const char *name : {"python3", "PYTHON3", "Python3"}) {
        const auto result = finder.find(name);
        QVERIFY2(result.spec, result.error.c_str());
        QCOMPARE(result.spec->name, std::string("python3"));
        QCOMPARE(result.spec->argv.front(), std::string("u"));
        QVERIFY(result.error.empty());
    }
}

void TestKernelSpecFinder::notFoundListsNamesAndDirs()
{
    QTemporaryDir root;
    const auto dirs = makeDataDirs(root, {{0, "alpha", validSpec("a")}, {2, "beta", validSpec("b")}});
    const KernelSpecFinder finder(dirs);
    const auto result = finder.find("gamma");
    QVERIFY(!result.spec);
    const QString error = QString::fromStdString(result.error);
    QVERIFY2(error.contains("'gamma'"), qPrintable(error));
    QVERIFY2(error.contains("alpha, beta"), qPrintable(error));
    for (const fs::path &dir : finder.kernelDirs())
        QVERIFY2(error.contains(QString::fromStdString(dir.string())), qPrintable(error));
}

void TestKernelSpecFinder::notFoundMentionsMalformedSpec()
{
    QTemporaryDir root;
    const auto dirs = makeDataDirs(root, {{1, "broken", R"({"argv": "python"})"}});
    const auto result = KernelSpecFinder(dirs).find("broken");
    QVERIFY(!result.spec);
    const QString error = QString::fromStdString(result.error);
    QVERIFY2(error.contains(QString::fromStdString((dirs[1] / "kernels" / "broken" / "kernel.json").string())),
             qPrintable(error));
    QVERIFY2(error.contains("available: none"), qPrintable(error));
}

void TestKernelSpecFinder::readsAllFields()
{
    QTemporaryDir root;
    const fs::path dir = fs::path(root.path().toStdString()) / "My-Kernel";
    writeFile(dir / "kernel.json", R"json({"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python", "interrupt_mode": "message",
        "env": {"A": "1", "PATH_EXTRA": "/x"}, "metadata": {"debugger": true}})json");
    std::string error;
    const auto spec = readKernelSpec(dir, &error);
    QVERIFY2(spec, error.c_str());
    QCOMPARE(spec->name, std::string("my-kernel"));
    QCOMPARE(spec->resourceDir, dir);
    QCOMPARE(spec->argv.size(), std::size_t(5));
    QCOMPARE(spec->argv[4], std::string("{connection_file}"));
    QCOMPARE(spec->displayName, std::string("Python 3 (ipykernel)"));
    QCOMPARE(spec->language, std::string("python"));
    QCOMPARE(spec->interruptMode, std::string("message"));
    QCOMPARE(spec->env, (std::map<std::string, std::string>{{"A", "1"}, {"PATH_EXTRA", "/x"}}));
    QCOMPARE(spec->metadata, (nlohmann::json{{"debugger", true}}));

    writeFile(dir / "kernel.json", R"({"argv": ["k"]})");
    const auto minimal = readKernelSpec(dir, nullptr);
    QVERIFY(minimal);
    QCOMPARE(minimal->interruptMode, std::string("signal"));   // kernelspec default
    QVERIFY(minimal->env.empty());
}

void TestKernelSpecFinder::malformedSpecs_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bad JSON") << "{\"argv\": [" << "JSON";
    QTest::newRow("empty file") << "" << "JSON";
    QTest::newRow("not an object") << "[\"python\"]" << "object";
    QTest::newRow("argv missing") << R"({"display_name": "x"})" << "argv";
    QTest::newRow("argv empty") << R"({"argv": []})" << "argv";
    QTest::newRow("argv a string") << R"({"argv": "python -m x"})" << "argv";
    QTest::newRow("argv with null") << R"({"argv": ["python", null]})" << "argv";
    QTest::newRow("display_name a number") << R"({"argv": ["k"], "display_name": 1})" << "display_name";
    QTest::newRow("bad interrupt_mode") << R"({"argv": ["k"], "interrupt_mode": "kill"})" << "interrupt_mode";
    QTest::newRow("env a list") << R"({"argv": ["k"], "env": ["A=1"]})" << "env";
    QTest::newRow("env value a number") << R"({"argv": ["k"], "env": {"A": 1}})" << "env";
    QTest::newRow("metadata a string") << R"({"argv": ["k"], "metadata": "m"})" << "metadata";
}

void TestKernelSpecFinder::malformedSpecs()
{
    QFETCH(QString, json);
    QFETCH(QString, mentions);
    QTemporaryDir root;
    const fs::path dir = fs::path(root.path().toStdString()) / "k";
    fs::create_directories(dir);
    std::ofstream(dir / "kernel.json", std::ios::binary) << json.toStdString();
    std::string error;
    QVERIFY(!readKernelSpec(dir, &error));
    const QString text = QString::fromStdString(error);
    QVERIFY2(text.contains(QString::fromStdString((dir / "kernel.json").string())), qPrintable(text));
    QVERIFY2(text.contains(mentions), qPrintable(text));
}

void TestKernelSpecFinder::formatArgv_data()
{
    QTest::addColumn<Argv>("argv");
    QTest::addColumn<Values>("values");
    QTest::addColumn<Argv>("expected");
    const Values values{{"connection_file", "/run/k.json"}, {"resource_dir", "/share/k"}, {"prefix", "/usr"}};

    QTest::newRow("known") << Argv{"python", "-f", "{connection_file}"} << values
                           << Argv{"python", "-f", "/run/k.json"};
    QTest::newRow("unknown untouched") << Argv{"{unknown}", "{connection_file}"} << values
                                       << Argv{"{unknown}", "/run/k.json"};
    QTest::newRow("several in one element") << Argv{"--conf={resource_dir}/c.py:{prefix}{prefix}"} << values
                                            << Argv{"--conf=/share/k/c.py:/usr/usr"};
    QTest::newRow("empty argv") << Argv{} << values << Argv{};
    QTest::newRow("no values") << Argv{"{connection_file}"} << Values{} << Argv{"{connection_file}"};
    QTest::newRow("empty element") << Argv{""} << values << Argv{""};
    QTest::newRow("doubled braces") << Argv{"{{prefix}}"} << values << Argv{"{/usr}"};
    QTest::newRow("not a key") << Argv{"{}", "{a-b}", "{ prefix}", "{prefix"} << Values{{"a-b", "x"}, {"", "y"}}
                               << Argv{"{}", "{a-b}", "{ prefix}", "{prefix"};
    QTest::newRow("brace inside key") << Argv{"{pre{prefix}"} << values << Argv{"{pre/usr"};
    QTest::newRow("value not re-expanded") << Argv{"{a}"} << Values{{"a", "{b}"}, {"b", "no"}} << Argv{"{b}"};
}

void TestKernelSpecFinder::formatArgv()
{
    QFETCH(Argv, argv);
    QFETCH(Values, values);
    QFETCH(Argv, expected);
    QCOMPARE(Notebench::Protocol::formatArgv(argv, values), expected);
}

void TestKernelSpecFinder::defaultDataDirs_data()
{
    QTest::addColumn<Environment>("environment");
    QTest::addColumn<QStringList>("expected");   // "SYSTEM" expands to the system dirs

#if defined(__APPLE__)
    const QString user = "/h/Library/Jupyter";
    const QString xdgUser = user;   // XDG_DATA_HOME is a Linux convention
#else
    const QString user = "/h/.local/share/jupyter";
    const QString xdgUser = "/x/jupyter";
#endif
    QTest::newRow("defaults") << Environment{{"HOME", "/h"}} << QStringList{user, "SYSTEM"};
    QTest::newRow("XDG_DATA_HOME") << Environment{{"HOME", "/h"}, {"XDG_DATA_HOME", "/x"}}
                                   << QStringList{xdgUser, "SYSTEM"};
    QTest::newRow("JUPYTER_DATA_DIR wins") << Environment{{"HOME", "/h"}, {"XDG_DATA_HOME", "/x"}, {"JUPYTER_DATA_DIR", "/d"}}
                                           << QStringList{"/d", "SYSTEM"};
    QTest::newRow("JUPYTER_PATH split, empties dropped")
        << Environment{{"HOME", "/h"}, {"JUPYTER_PATH", "/a:/b::/c:"}} << QStringList{"/a", "/b", "/c", user, "SYSTEM"};
    QTest::newRow("env dirs after user")
        << Environment{{"HOME", "/h"}, {"VIRTUAL_ENV", "/v"}, {"CONDA_PREFIX", "/c"}}
        << QStringList{user, "/v/share/jupyter", "/c/share/jupyter", "SYSTEM"};
    QTest::newRow("JUPYTER_PREFER_ENV_PATH=1")
        << Environment{{"HOME", "/h"}, {"VIRTUAL_ENV", "/v"}, {"JUPYTER_PREFER_ENV_PATH", "1"}, {"JUPYTER_PATH", "/p"}}
        << QStringList{"/p", "/v/share/jupyter", user, "SYSTEM"};
    QTest::newRow("JUPYTER_PREFER_ENV_PATH=yes")
        << Environment{{"HOME", "/h"}, {"CONDA_PREFIX", "/c"}, {"JUPYTER_PREFER_ENV_PATH", "yes"}}
        << QStringList{"/c/share/jupyter", user, "SYSTEM"};
    for (const char *falsy : {"0", "False", "off", "NO", "n", "0.0"}) {
        QTest::addRow("JUPYTER_PREFER_ENV_PATH=%s", falsy)
            << Environment{{"HOME", "/h"}, {"VIRTUAL_ENV", "/v"}, {"JUPYTER_PREFER_ENV_PATH", falsy}}
            << QStringList{user, "/v/share/jupyter", "SYSTEM"};
    }
    QTest::newRow("duplicates dropped, first kept")
        << Environment{{"HOME", "/h"}, {"JUPYTER_PATH", "/usr/share/jupyter:/a:/a"}}
        << QStringList{"/usr/share/jupyter", "/a", user, "/usr/local/share/jupyter"};
}

void TestKernelSpecFinder::defaultDataDirs()
{
#ifdef _WIN32
    QSKIP("the table uses POSIX paths; Windows order is %APPDATA%\\jupyter then %PROGRAMDATA%\\jupyter");
#else
    QFETCH(Environment, environment);
    QFETCH(QStringList, expected);
    for (const char *name : kEnvironment)
        qunsetenv(name);
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        qputenv(it.key().constData(), it.value());

    QStringList want;
    for (const QString &entry : expected) {
        if (entry == "SYSTEM")
            want << "/usr/local/share/jupyter" << "/usr/share/jupyter";
        else
            want << entry;
    }
    QStringList got;
    for (const fs::path &dir : KernelSpecFinder::defaultDataDirs())
        got << QString::fromStdString(dir.string());
    QCOMPARE(got, want);
#endif
}

void TestKernelSpecFinder::defaultFinderUsesJupyterPath()
{
    QTemporaryDir root;
    const auto dirs = makeDataDirs(root, {{0, "from-path", validSpec("jp")}});
    qputenv("JUPYTER_PATH", QByteArray::fromStdString(dirs[0].string()));
    const KernelSpecFinder finder;   // reads the environment
    QCOMPARE(finder.kernelDirs().front(), dirs[0] / "kernels");
    const auto result = finder.find("FROM-PATH");
    QVERIFY2(result.spec, result.error.c_str());
    QCOMPARE(result.spec->argv.front(), std::string("jp"));
}

QTEST_GUILESS_MAIN(TestKernelSpecFinder)
#include "tst_kernelspecfinder.moc"

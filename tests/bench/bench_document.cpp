// Times Notebench's .ipynb read and write on the given notebooks (best of N runs) and checks that the
// written bytes equal the file's. Not a test: bench_document.sh runs it beside Python nbformat.
#include "document/reader.h"
#include "document/writer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace Notebench::Document;
using Clock = std::chrono::steady_clock;

namespace {

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string fileBytes(const std::filesystem::path& path)
{
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// nbformat.write opens, writes and closes without fsync; this is the same work, streamed.
bool writePlainFile(const std::filesystem::path& path, const Notebook& notebook)
{
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr)
        return false;
    bool ok = true;
    writeNotebook(notebook, [&](std::string_view chunk) { ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), file) == chunk.size(); });
    return std::fclose(file) == 0 && ok;
}

int benchmark(const std::filesystem::path& path, int runs)
{
    double bestRead = 1e300;
    double bestWrite = 1e300;
    double bestSave = 1e300;
    bool identical = false;
    const std::filesystem::path outPath = path.string() + ".notebench-out";
    for (int run = 0; run < runs; ++run) {
        Clock::time_point start = Clock::now();
        ReadResult result = readNotebookFile(path);
        bestRead = std::min(bestRead, millisecondsSince(start));
        if (!result.notebook) {
            std::fprintf(stderr, "%s\n", result.error->toString().c_str());
            return 1;
        }
        start = Clock::now();
        if (!writePlainFile(outPath, *result.notebook)) {
            std::fprintf(stderr, "cannot write %s\n", outPath.c_str());
            return 1;
        }
        bestWrite = std::min(bestWrite, millisecondsSince(start));
        start = Clock::now();
        const std::string problem = saveNotebookFile(outPath, *result.notebook);
        bestSave = std::min(bestSave, millisecondsSince(start));
        if (!problem.empty()) {
            std::fprintf(stderr, "%s\n", problem.c_str());
            return 1;
        }
        identical = fileBytes(outPath) == fileBytes(path) && writeNotebook(*result.notebook) == fileBytes(path);
    }
    std::filesystem::remove(outPath);
    std::printf("%s read_ms=%.1f write_ms=%.1f atomic_save_ms=%.1f identical=%s\n", path.filename().c_str(), bestRead,
                bestWrite, bestSave, identical ? "yes" : "NO");
    return identical ? 0 : 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s NOTEBOOK... [--runs N]\n", argv[0]);
        return 64;
    }
    int runs = 5;
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
            continue;
        }
        status = std::max(status, benchmark(argv[i], runs));
    }
    return status;
}

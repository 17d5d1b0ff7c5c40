#pragma once

#include "app/stallwatch.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace Notebench::App {

class NotebookTab;

/// The stream benchmark's driver (tests/bench/bench_stream.sh), started by the BenchProbe when
/// NOTEBENCH_BENCH_RUN names a file: once the tab's kernel is ready it runs every cell, and when
/// the last one has finished (reply and idle, all output in the model) it prints the wall time,
/// the longest event-loop stall and the peak resident memory, saves the notebook to that file,
/// prints how long the save took, and quits.
class BenchRun : public QObject
{
    Q_OBJECT
public:
    BenchRun(NotebookTab &tab, QString savePath, QObject *parent = nullptr);

private:
    void runAll();
    void onCellFinished();
    void finish();

    NotebookTab &m_tab;
    QString m_savePath;
    StallWatch m_stalls;
    QElapsedTimer m_clock;
    int m_codeCells = 0;
    int m_finished = 0;
    bool m_started = false;
};

} // namespace Notebench::App

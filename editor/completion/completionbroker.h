#pragma once

#include "completion/completions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <array>
#include <functional>
#include <optional>
#include <variant>

namespace Notebench::Kernel {
class KernelClient;
}

namespace Notebench::Completion {

class StaticAnalyser;

/// What a completion or inspect request is about: the cell's text, the caret in code points,
/// and the code cells above it (the static analyser reads them so names from the notebook
/// complete even when the kernel cannot answer).
struct Query {
    QString context;
    QString code;
    int cursor = 0;
};

/// Asks the kernel and the static analyser together and decides whose answer is shown:
/// - the kernel's, when it has matches and comes within kernelGraceMs (it knows live objects);
/// - else the static one, at once when the kernel is known to be busy running a cell;
/// - a kernel answer that comes later is still delivered (`replacing`), and the caller keeps it
///   only if the text and caret are unchanged since the request.
/// Each lane (the popup, the tooltip, the docs panel, signature help) keeps its newest request
/// only: an older answer is dropped. At most one kernel request per lane is in flight, so a busy
/// kernel never piles up stale completions; the newest waiting one goes when it answers.
class CompletionBroker : public QObject {
    Q_OBJECT
public:
    enum class Lane { Completion, Tooltip, Docs, Signature };
    static constexpr int laneCount = 4;
    /// How long an idle kernel's answer is waited for before the static one is shown.
    static constexpr int kernelGraceMs = 100;

    explicit CompletionBroker(QObject* parent = nullptr);
    ~CompletionBroker() override;

    /// The kernel to ask; null (or not ready) asks only the static analyser.
    void setKernel(Kernel::KernelClient* client);
    /// The static analyser to ask beside the kernel; null asks only the kernel.
    void setStaticAnalyser(StaticAnalyser* analyser);
    StaticAnalyser* staticAnalyser() const;
    /// Says whether the kernel is running a cell now (its answer would wait behind the cell).
    void setKernelExecutingProbe(std::function<bool()> probe) { m_executing = std::move(probe); }

    /// complete_request beside the static analyser; returns the ticket its answer carries.
    int complete(const Query& query);
    /// inspect_request (detail 0: signature and docstring; 1: more, as Jupyter's second Shift+Tab).
    int inspect(Lane lane, const Query& query, int detailLevel);
    /// Forgets the lane's request: its answers, still to come, are dropped.
    void cancel(Lane lane);
    bool isCurrent(Lane lane, int ticket) const;

signals:
    void completionsReady(int ticket, const Notebench::Completion::Completions& completions, bool replacing);
    void documentationReady(Notebench::Completion::CompletionBroker::Lane lane, int ticket,
                            const Notebench::Completion::Documentation& documentation, bool replacing);

private:
    using Answer = std::variant<Completions, Documentation>;
    struct LaneState {
        int ticket = 0;
        QTimer grace;
        bool waitForKernel = false;
        bool graceOver = false;
        bool kernelShown = false;
        bool staticShown = false;
        bool kernelEmpty = false;
        std::optional<Answer> heldStatic;
        bool kernelInFlight = false;
        QElapsedTimer kernelSince;
        std::function<void()> queuedKernel;
    };

    int begin(Lane lane);
    void askKernel(Lane lane, std::function<void()> send);
    void kernelDone(Lane lane);
    void offerKernel(Lane lane, int ticket, const Answer& answer, bool empty);
    void offerStatic(Lane lane, int ticket, const Answer& answer);
    void deliver(Lane lane, int ticket, const Answer& answer, bool replacing);
    bool kernelUsable() const;
    LaneState& state(Lane lane) { return m_lanes[static_cast<std::size_t>(lane)]; }
    const LaneState& state(Lane lane) const { return m_lanes[static_cast<std::size_t>(lane)]; }

    QPointer<Kernel::KernelClient> m_kernel;
    QPointer<StaticAnalyser> m_static;
    std::function<bool()> m_executing;
    std::array<LaneState, laneCount> m_lanes;
    int m_nextTicket = 1;
};

} // namespace Notebench::Completion

Q_DECLARE_METATYPE(Notebench::Completion::Completions)
Q_DECLARE_METATYPE(Notebench::Completion::Documentation)

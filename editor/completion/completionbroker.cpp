#include "completion/completionbroker.h"

#include "completion/staticanalyser.h"
#include "kernel/kernelclient.h"
#include "kernel/pendingrequest.h"

#include <nlohmann/json.hpp>

namespace Notebench::Completion {

CompletionBroker::CompletionBroker(QObject* parent)
    : QObject(parent)
{
    for (int i = 0; i < laneCount; ++i) {
        const auto lane = static_cast<Lane>(i);
        LaneState& lanes = state(lane);
        lanes.grace.setSingleShot(true);
        lanes.grace.setInterval(kernelGraceMs);
        connect(&lanes.grace, &QTimer::timeout, this, [this, lane] {
            LaneState& s = state(lane);
            s.graceOver = true;
            if (auto held = std::exchange(s.heldStatic, std::nullopt))
                deliver(lane, s.ticket, *held, false);
        });
    }
}

CompletionBroker::~CompletionBroker() = default;

void CompletionBroker::setKernel(Kernel::KernelClient* client)
{
    m_kernel = client;
}

void CompletionBroker::setStaticAnalyser(StaticAnalyser* analyser)
{
    m_static = analyser;
}

StaticAnalyser* CompletionBroker::staticAnalyser() const
{
    return m_static;
}

bool CompletionBroker::kernelUsable() const
{
    return m_kernel && m_kernel->isReady();
}

bool CompletionBroker::isCurrent(Lane lane, int ticket) const
{
    return state(lane).ticket == ticket;
}

void CompletionBroker::cancel(Lane lane)
{
    LaneState& s = state(lane);
    s.ticket = 0;
    s.grace.stop();
    s.heldStatic.reset();
    s.queuedKernel = nullptr;
}

int CompletionBroker::begin(Lane lane)
{
    LaneState& s = state(lane);
    s.ticket = m_nextTicket++;
    s.graceOver = false;
    s.kernelShown = false;
    s.staticShown = false;
    s.kernelEmpty = false;
    s.heldStatic.reset();
    // A kernel running a cell, or one still chewing on our last request, answers too late to wait for.
    const bool kernelSlow = (m_executing && m_executing())
                            || (s.kernelInFlight && s.kernelSince.elapsed() >= kernelGraceMs);
    s.waitForKernel = kernelUsable() && !kernelSlow;
    if (s.waitForKernel)
        s.grace.start();
    else
        s.grace.stop();
    return s.ticket;
}

void CompletionBroker::askKernel(Lane lane, std::function<void()> send)
{
    if (!kernelUsable())
        return;
    LaneState& s = state(lane);
    if (s.kernelInFlight) {
        s.queuedKernel = std::move(send);   // replaces an older waiting one
        return;
    }
    s.kernelInFlight = true;
    s.kernelSince.start();
    send();
}

void CompletionBroker::kernelDone(Lane lane)
{
    LaneState& s = state(lane);
    s.kernelInFlight = false;
    if (auto next = std::exchange(s.queuedKernel, nullptr))
        askKernel(lane, std::move(next));
}

int CompletionBroker::complete(const Query& query)
{
    const Lane lane = Lane::Completion;
    const int ticket = begin(lane);
    askKernel(lane, [this, lane, ticket, query] {
        if (!isCurrent(lane, ticket) || !m_kernel) {
            kernelDone(lane);
            return;
        }
        auto* request = m_kernel->complete(query.code, query.cursor);
        connect(request, &Kernel::PendingRequest::replied, this, [this, lane, ticket, code = query.code](const Protocol::Message& reply) {
            const auto completions = completionsFromReply(reply.content, code);
            offerKernel(lane, ticket, completions.value_or(Completions{}), !completions || completions->items.isEmpty());
        });
        // Replied or lost (restart, death): either way the lane may send its next one.
        connect(request, &Kernel::PendingRequest::finished, this, [this, lane, ticket, request] {
            if (!request->reply())
                offerKernel(lane, ticket, Completions{}, true);
            kernelDone(lane);
        });
    });
    if (m_static) {
        const nlohmann::json message = {{"op", "complete"},
                                        {"context", query.context.toStdString()},
                                        {"code", query.code.toStdString()},
                                        {"cursor", query.cursor}};
        m_static->request(static_cast<int>(lane), message, [this, lane, ticket](const nlohmann::json& answer) {
            if (const auto completions = completionsFromHelper(answer); completions && !completions->items.isEmpty())
                offerStatic(lane, ticket, *completions);
        });
    }
    return ticket;
}

int CompletionBroker::inspect(Lane lane, const Query& query, int detailLevel)
{
    const int ticket = begin(lane);
    askKernel(lane, [this, lane, ticket, query, detailLevel] {
        if (!isCurrent(lane, ticket) || !m_kernel) {
            kernelDone(lane);
            return;
        }
        auto* request = m_kernel->inspect(query.code, query.cursor, detailLevel);
        connect(request, &Kernel::PendingRequest::replied, this, [this, lane, ticket](const Protocol::Message& reply) {
            const Documentation documentation = documentationFromReply(reply.content);
            offerKernel(lane, ticket, documentation, !documentation.found);
        });
        connect(request, &Kernel::PendingRequest::finished, this, [this, lane, ticket, request] {
            if (!request->reply())
                offerKernel(lane, ticket, Documentation{}, true);
            kernelDone(lane);
        });
    });
    if (m_static) {
        const nlohmann::json message = {{"op", "inspect"},
                                        {"context", query.context.toStdString()},
                                        {"code", query.code.toStdString()},
                                        {"cursor", query.cursor},
                                        {"detail", detailLevel}};
        m_static->request(static_cast<int>(lane), message, [this, lane, ticket](const nlohmann::json& answer) {
            if (const Documentation documentation = documentationFromHelper(answer); documentation.found)
                offerStatic(lane, ticket, documentation);
        });
    }
    return ticket;
}

void CompletionBroker::offerKernel(Lane lane, int ticket, const Answer& answer, bool empty)
{
    LaneState& s = state(lane);
    if (ticket != s.ticket || s.kernelShown)
        return;
    if (empty) {
        // No opinion from the kernel: the static answer need not wait any longer.
        s.kernelEmpty = true;
        if (auto held = std::exchange(s.heldStatic, std::nullopt))
            deliver(lane, ticket, *held, false);
        return;
    }
    s.kernelShown = true;
    s.heldStatic.reset();
    deliver(lane, ticket, answer, s.staticShown);
}

void CompletionBroker::offerStatic(Lane lane, int ticket, const Answer& answer)
{
    LaneState& s = state(lane);
    if (ticket != s.ticket || s.kernelShown)
        return;
    if (s.waitForKernel && !s.graceOver && !s.kernelEmpty) {
        s.heldStatic = answer;
        return;
    }
    deliver(lane, ticket, answer, false);
}

void CompletionBroker::deliver(Lane lane, int ticket, const Answer& answer, bool replacing)
{
    if (!replacing)
        state(lane).staticShown = state(lane).staticShown || !state(lane).kernelShown;
    if (const auto* completions = std::get_if<Completions>(&answer))
        emit completionsReady(ticket, *completions, replacing);
    else
        emit documentationReady(lane, ticket, std::get<Documentation>(answer), replacing);
}

} // namespace Notebench::Completion

#include "protocol/messagetype.h"

#include <array>
#include <utility>

namespace Notebench::Protocol {

namespace {

using Entry = std::pair<MessageType, std::string_view>;

// Names from jupyter_client docs/messaging.rst; usage_* is ipykernel's control-channel extension.
constexpr std::array<Entry, 33> kNames{{
    {MessageType::KernelInfoRequest, "kernel_info_request"},
    {MessageType::KernelInfoReply, "kernel_info_reply"},
    {MessageType::ExecuteRequest, "execute_request"},
    {MessageType::ExecuteReply, "execute_reply"},
    {MessageType::ExecuteInput, "execute_input"},
    {MessageType::ExecuteResult, "execute_result"},
    {MessageType::Stream, "stream"},
    {MessageType::DisplayData, "display_data"},
    {MessageType::UpdateDisplayData, "update_display_data"},
    {MessageType::ClearOutput, "clear_output"},
    {MessageType::Error, "error"},
    {MessageType::Status, "status"},
    {MessageType::InputRequest, "input_request"},
    {MessageType::InputReply, "input_reply"},
    {MessageType::CompleteRequest, "complete_request"},
    {MessageType::CompleteReply, "complete_reply"},
    {MessageType::InspectRequest, "inspect_request"},
    {MessageType::InspectReply, "inspect_reply"},
    {MessageType::IsCompleteRequest, "is_complete_request"},
    {MessageType::IsCompleteReply, "is_complete_reply"},
    {MessageType::HistoryRequest, "history_request"},
    {MessageType::HistoryReply, "history_reply"},
    {MessageType::InterruptRequest, "interrupt_request"},
    {MessageType::InterruptReply, "interrupt_reply"},
    {MessageType::ShutdownRequest, "shutdown_request"},
    {MessageType::ShutdownReply, "shutdown_reply"},
    {MessageType::UsageRequest, "usage_request"},
    {MessageType::UsageReply, "usage_reply"},
    {MessageType::CommOpen, "comm_open"},
    {MessageType::CommMsg, "comm_msg"},
    {MessageType::CommClose, "comm_close"},
    {MessageType::CommInfoRequest, "comm_info_request"},
    {MessageType::CommInfoReply, "comm_info_reply"},
}};

// toString() indexes the table by enum value, so the table must follow the enum's order.
constexpr bool tableFollowsEnumOrder()
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (static_cast<std::size_t>(kNames[i].first) != i)
            return false;
    }
    return kNames.size() == static_cast<std::size_t>(MessageType::Unknown);
}
static_assert(tableFollowsEnumOrder(), "kNames must list every MessageType but Unknown, in enum order");

} // namespace

MessageType messageTypeFromString(std::string_view text)
{
    for (const auto &[type, name] : kNames) {
        if (name == text)
            return type;
    }
    return MessageType::Unknown;
}

std::string_view toString(MessageType type)
{
    const auto index = static_cast<std::size_t>(type);
    return index < kNames.size() ? kNames[index].second : std::string_view();
}

} // namespace Notebench::Protocol

#pragma once

#include <string_view>

namespace Notebench::Protocol {

/// The msg_type values of Jupyter messaging protocol 5.x that Notebench understands.
enum class MessageType {
    KernelInfoRequest, KernelInfoReply, ExecuteRequest, ExecuteReply, ExecuteInput,
    ExecuteResult, Stream, DisplayData, UpdateDisplayData, ClearOutput, Error, Status, InputRequest,
    InputReply, CompleteRequest, CompleteReply, InspectRequest, InspectReply, IsCompleteRequest,
    IsCompleteReply, HistoryRequest, HistoryReply, InterruptRequest, InterruptReply, ShutdownRequest,
    ShutdownReply, UsageRequest, UsageReply, CommOpen, CommMsg, CommClose, CommInfoRequest, CommInfoReply,
    Unknown
};

/// Maps a wire msg_type ("execute_reply") to its enum; anything else is MessageType::Unknown.
MessageType messageTypeFromString(std::string_view text);

/// The wire msg_type for a type; "" for MessageType::Unknown.
std::string_view toString(MessageType type);

} // namespace Notebench::Protocol

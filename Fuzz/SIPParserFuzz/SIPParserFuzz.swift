// The SIP parser as a libFuzzer target: every input is parsed as a datagram, and whatever
// parses is read the way the endpoint reads it (validation, Via, CSeq, From, To, Contact, the
// request URI) and written out again. A trap (overflow, index out of range, force unwrap) or an
// AddressSanitizer report is a crash; libFuzzer saves the input that caused it.
//
// Built and run by Tests/Drills/fuzz_sip_parser.sh, which compiles this file together with
// Sources/Telephony/Message/*.swift (they import nothing) using
//   swiftc -parse-as-library -sanitize=fuzzer,address
// so libFuzzer's own main drives it. As part of the package (a library target depending on
// Telephony) the same file type-checks in every `swift build`.
//
// SIP_FUZZ_STRICT=1 also checks an invariant: a message that parsed, written out again, parses.

#if canImport(Telephony)
import Telephony
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the round-trip invariant is checked (SIP_FUZZ_STRICT set).
let sipFuzzStrict: Bool = getenv("SIP_FUZZ_STRICT") != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func sipParserFuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes: [UInt8] = if let start, count > 0 { Array(UnsafeRawBufferPointer(start: start, count: count)) } else { [] }
    sipParserFuzzExercise(bytes)
    return 0
}

/// Parses `bytes` and reads everything the endpoint would read from the message.
public func sipParserFuzzExercise(_ bytes: [UInt8]) {
    guard let message = try? SIPParser.parse(bytes) else { return }
    _ = SIPValidation.check(message)
    _ = (message.isRequest, message.method, message.status, message.reasonPhrase, message.callID)
    for via in message.vias {
        _ = (via.branch, via.description, try? Via.parse(via.description))
    }
    _ = message.topVia?.branch
    if let cseq = message.cseq { _ = (cseq.description, try? CSeq.parse(cseq.description)) }
    for address in [message.from, message.to].compactMap({ $0 }) + message.contacts {
        _ = (address.tag, address.scheme, address.isWildcard, address.description)
        if let uri = address.sipURI { _ = (uri.description, uri.hostPort, uri.parameters.count) }
    }
    if let uri = message.requestURI {
        _ = SIPURI.scheme(of: uri)
        if let parsed = try? SIPURI.parse(uri) { _ = (parsed.description, parsed.hostPort, try? SIPURI.parse(parsed.description)) }
    }
    for header in message.headers {
        _ = SIPHeader.canonical(header.name)
        _ = message.values(header.name).count
    }
    // What the endpoint answers and relays is a parsed message written out again.
    var copy = message
    copy.set("Max-Forwards", "69")
    copy.prepend("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKfuzz")
    let wire = copy.bytes
    let again = try? SIPParser.parse(wire)
    if sipFuzzStrict {
        precondition(again != nil, "a message that parsed does not parse again after it is written out")
    }
}

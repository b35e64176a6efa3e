#pragma once
// Reasoning text sealed into `encrypted_content` for stateless clients, and opened again when such an item
// comes back (as response input, or stored in a conversation).
#include <boost/json/object.hpp>

#include "crypto/sealer.hpp"

namespace gw::engine {

// A reasoning item that carries `encrypted_content` but no text of its own: its text must be opened.
bool needs_opening(const boost::json::object& item);

// Gives a reasoning item that needs opening its text back as `content`. False when the blob does not verify
// (sealed under another key, or altered); the item is then left as it was. True otherwise.
bool open_sealed_reasoning(boost::json::object& item, const crypto::Sealer& sealer);

// Adds `encrypted_content` (its text, sealed) to a reasoning item that has text and none yet; other items are
// left alone.
void seal_reasoning(boost::json::object& item, const crypto::Sealer& sealer);

}  // namespace gw::engine

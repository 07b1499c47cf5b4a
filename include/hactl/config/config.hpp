#pragma once
/// The config layer's public interface in one include.
#include "hactl/config/diagnostic.hpp"
#include "hactl/config/emit.hpp"
#include "hactl/config/load.hpp"
#include "hactl/config/profile.hpp"
#include "hactl/config/sha256.hpp"

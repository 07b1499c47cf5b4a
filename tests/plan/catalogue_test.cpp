#include <gtest/gtest.h>

#include <set>

#include "hactl/plan/catalogue.hpp"

using namespace hactl::plan;

TEST(Catalogue, RowsAreTheDesignBriefsSteps) {
    std::vector<std::string_view> ids;
    for (const auto& def : catalogue) ids.push_back(def.id);
    EXPECT_EQ(ids, (std::vector<std::string_view>{"failover", "demote", "split", "generate-keys", "exchange-keys", "enter-master-mode",
                                                  "unprotect-secondary", "override-ip", "add-secondary",
                                                  "max-wal-senders", "replicate-postgres", "copy-kvstore",
                                                  "start-kafka-sync", "enable-backup-v2"}));
    EXPECT_EQ(find_step("add-secondary")->placement, Placement::primary);
    EXPECT_EQ(find_step("add-secondary")->risk, Risk::destructive);
    EXPECT_TRUE(find_step("replicate-postgres")->long_running);
    EXPECT_TRUE(find_step("copy-kvstore")->long_running);
    EXPECT_EQ(find_step("generate-keys")->placement, Placement::each);
    EXPECT_EQ(find_step("override-ip")->placement, Placement::each);
    EXPECT_EQ(find_step("exchange-keys")->placement, Placement::both);
    EXPECT_EQ(find_step("enter-master-mode")->risk, Risk::restart);
    EXPECT_EQ(find_step("unprotect-secondary")->risk, Risk::unsafe);
    EXPECT_EQ(find_step("nope"), nullptr);
}

TEST(Catalogue, DependenciesAreRowsAboveAndUndoersAreDependencies) {
    std::set<std::string_view> seen;
    for (const auto& def : catalogue) {
        for (auto dep : def.depends_on) {
            if (!dep.empty()) {
                EXPECT_TRUE(seen.count(dep)) << def.id << " depends on " << dep << " below it";
            }
        }
        for (auto by : def.undone_by) {
            if (by.empty()) continue;
            EXPECT_NE(std::find(def.depends_on.begin(), def.depends_on.end(), by), def.depends_on.end())
                << def.id << " undone by " << by << " which is not a dependency";
        }
        EXPECT_TRUE(seen.insert(def.id).second) << "duplicate " << def.id;
        EXPECT_NE(def.guard, nullptr);
        EXPECT_FALSE(def.satisfied_when.empty());
        EXPECT_FALSE(action_words(def).empty());
    }
}

TEST(Catalogue, OnlyTheSecondarysDataIsEverWiped) {
    for (const auto& def : catalogue) {
        // Destructive <=> wipes, and what is wiped is the secondary's data.
        EXPECT_EQ(def.risk == Risk::destructive, def.wipes == Wipes::secondary) << def.id;
        if (def.wipes == Wipes::secondary) {
            // Runs on the secondary, or is cluster_add_slaves on the primary whose
            // effect falls on its peer, the secondary.
            EXPECT_TRUE(def.placement == Placement::secondary ||
                        (def.id == step::add_secondary && def.placement == Placement::primary))
                << def.id;
        }
    }
}

TEST(Catalogue, Gates) {
    std::string why;
    EXPECT_FALSE(release_applies(find_step("override-ip")->release, {2020, 3}, &why));
    EXPECT_EQ(why, "needs release >= 2020.4 (hosts run 2020.3)");
    EXPECT_TRUE(release_applies(find_step("override-ip")->release, {2020, 4}, &why));
    EXPECT_TRUE(release_applies(find_step("enable-backup-v2")->release, {2021, 1}, &why));
    EXPECT_FALSE(release_applies(find_step("enable-backup-v2")->release, {2021, 2}, &why));
    EXPECT_EQ(why, "only below release 2021.2 (hosts run 2021.2)");
    EXPECT_FALSE(release_applies(find_step("max-wal-senders")->release, {2021, 2}, &why));
    EXPECT_TRUE(release_applies(find_step("max-wal-senders")->release, {2021, 3}, &why));
    EXPECT_FALSE(release_applies(find_step("start-kafka-sync")->release, {2021, 3}, &why));
    hactl::model::PairSpec spec;
    spec.replication.postgres = false;
    EXPECT_FALSE(spec_applies(SpecGate::postgres, spec, &why));
    EXPECT_EQ(why, "replication.postgres is false");
    EXPECT_TRUE(spec_applies(SpecGate::kvstore, spec, &why));
    EXPECT_EQ(targets(*find_step("generate-keys")), (std::vector<Target>{Target::primary, Target::secondary}));
    EXPECT_EQ(targets(*find_step("exchange-keys")), (std::vector<Target>{Target::both}));
}

TEST(Catalogue, ActionWordsComeFromTheRowsOperations) {
    EXPECT_EQ(action_words(*find_step("generate-keys")), "alation_action cluster_generate_keys");
    EXPECT_EQ(action_words(*find_step("exchange-keys")), "replication_helper on both hosts");
    EXPECT_EQ(action_words(*find_step("unprotect-secondary")),
              "alation_conf alation.cluster.protected_instance -s False");
    EXPECT_EQ(action_words(*find_step("override-ip")),
              "alation_conf alation.cluster.override_ip -s ADDRESS; alation_conf "
              "alation.cluster.enable_override_ip -s "
              "True");
    EXPECT_EQ(action_words(*find_step("add-secondary")), "alation_action cluster_add_slaves");
    EXPECT_EQ(action_words(*find_step("max-wal-senders")),
              "alation_conf pgsql.config.max_wal_senders -s N; alation_action deploy_conf_all");
    EXPECT_EQ(action_words(*find_step("enable-backup-v2")),
              "alation_conf alation.feature_flags.enable_backup_v2 -s True");
}

TEST(Catalogue, EveryRowRunsSomethingAndOnlyLongRowsAreLongActions) {
    for (const auto& def : catalogue) {
        int actions = 0;
        bool ended = false;
        for (const auto& op : def.ops) {
            if (op.kind == OpKind::none) {
                ended = true;
                continue;
            }
            EXPECT_FALSE(ended) << def.id << ": an operation after an unused entry is never run";
            if (op.kind == OpKind::run_action) ++actions;
        }
        EXPECT_NE(def.ops[0].kind, OpKind::none) << def.id;
        if (def.long_running) {
            EXPECT_EQ(actions, 1) << def.id << ": a long step is one long job";
        }
    }
}

TEST(Catalogue, LifecycleRowsRunTheContractsSection9Actions) {
    const auto* failover = find_step(step::failover);
    ASSERT_NE(failover, nullptr);
    EXPECT_EQ(failover->placement, Placement::primary);
    EXPECT_EQ(failover->risk, Risk::failover);
    EXPECT_EQ(failover->wipes, Wipes::nothing);
    EXPECT_EQ(action_words(*failover), "alation_action cluster_failover");
    const auto* demote = find_step(step::demote);
    EXPECT_EQ(demote->placement, Placement::secondary);
    EXPECT_EQ(demote->risk, Risk::failover);
    EXPECT_EQ(action_words(*demote), "alation_action cluster_enter_standalone_mode");
    const auto* split = find_step(step::split);
    EXPECT_EQ(split->placement, Placement::secondary_then_primary);
    EXPECT_EQ(targets(*split), (std::vector<Target>{Target::secondary, Target::primary}));
    EXPECT_EQ(split->wipes, Wipes::nothing);
    EXPECT_NE(split->risk, Risk::failover);
    EXPECT_EQ(action_words(*split), "alation_action cluster_enter_standalone_mode");
    EXPECT_EQ(to_string(Risk::failover), std::string("failover"));
}

TEST(Catalogue, SpecStateSelectsTheSplitRowOrTheOthers) {
    hactl::model::PairSpec spec;
    std::string why;
    EXPECT_FALSE(state_applies(*find_step(step::split), spec, &why));
    EXPECT_EQ(why, "spec.state is paired");
    EXPECT_TRUE(state_applies(*find_step(step::failover), spec, nullptr));
    spec.state = hactl::model::PairState::split;
    EXPECT_TRUE(state_applies(*find_step(step::split), spec, nullptr));
    for (const auto& def : catalogue) {
        if (def.id != step::split) {
            EXPECT_FALSE(state_applies(def, spec, nullptr)) << def.id;
        }
    }
}

// "Every destructive step falls on the secondary", proven on the fake pair:
// each destructive row's action, run where the catalogue says, deletes the
// secondary's data and never the primary's.
#include <gtest/gtest.h>

#include "../fake/fake_pair.hpp"
#include "hactl/model/defaults.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/transport/shell_quote.hpp"

using namespace hactl;

TEST(DestructiveEffect, OnlyTheSecondaryIsEverWiped) {
    for (const auto& def : plan::catalogue) {
        if (def.wipes != plan::Wipes::secondary) continue;
        SCOPED_TRACE(std::string(def.id));
        fake::FakePair pair(fake::test_spec(), fake::opts("2023.1.0"));
        // Everything before this row, done by hand.
        std::size_t index = 0;
        while (plan::catalogue[index].id != def.id) ++index;
        ASSERT_GT(index, 0u);
        ASSERT_TRUE(pair.set_up_by_hand(plan::catalogue[index - 1].id));
        const auto before_p = pair.primary().state();
        const auto before_s = pair.secondary().state();
        auto& host = def.placement == plan::Placement::primary ? pair.primary() : pair.secondary();
        const auto r =
            host.run(transport::in_alation_shell(model::defaults::alation_shell, plan::action_words(def)),
                     transport::Millis(1000));
        ASSERT_TRUE(r.succeeded()) << r.err;
        const auto& p = pair.primary().state();
        const auto& s = pair.secondary().state();
        EXPECT_EQ(p.instance_wipes, before_p.instance_wipes);
        EXPECT_EQ(p.postgres_wipes, before_p.postgres_wipes);
        EXPECT_EQ(p.kvstore_wipes, before_p.kvstore_wipes);
        EXPECT_GT(s.instance_wipes + s.postgres_wipes + s.kvstore_wipes,
                  before_s.instance_wipes + before_s.postgres_wipes + before_s.kvstore_wipes);
    }
}

TEST(DestructiveEffect, NonDestructiveActionsWipeNothing) {
    fake::FakePair pair(fake::test_spec(), fake::opts("2020.3.0"));
    ASSERT_TRUE(pair.set_up_by_hand("enable-backup-v2"));  // the whole runbook
    const int wipes_p = pair.primary().state().instance_wipes + pair.primary().state().postgres_wipes;
    for (const char* line : {"alation_action cluster_generate_keys", "alation_action cluster_enter_master_mode",
                             "alation_action deploy_conf_all", "alation_action cluster_replicate_files"}) {
        pair.primary().run(transport::in_alation_shell(model::defaults::alation_shell, line), transport::Millis(1000));
    }
    EXPECT_EQ(pair.primary().state().instance_wipes + pair.primary().state().postgres_wipes, wipes_p);
    EXPECT_EQ(pair.secondary().state().instance_wipes, 1);  // add-secondary, once
}

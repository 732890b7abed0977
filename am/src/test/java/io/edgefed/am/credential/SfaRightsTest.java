package io.edgefed.am.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SFA privilege table as gcf's AM applies it (privileges as in the GENI credentials specification, groups.geni.net/geni/wiki/GeniApiCredentials). */
class SfaRightsTest {

    @Test
    void amMethodsNeedTheSfaOperations() {
        assertThat(Privileges.forMethod("Allocate")).hasValue("createsliver");
        assertThat(Privileges.forMethod("Renew")).hasValue("renewsliver");
        assertThat(Privileges.forMethod("Delete")).hasValue("deleteslice");
        assertThat(Privileges.forMethod("Describe")).hasValue("getsliceresources");
        assertThat(Privileges.forMethod("Shutdown")).hasValue("shutdown");
        assertThat(Privileges.forMethod("ListResources")).isEmpty();
    }

    @Test
    void rightsGrantOperationsAsInSfa() {
        assertThat(SfaRights.allows("embed", Privileges.ALLOCATE)).isTrue();
        assertThat(SfaRights.allows("control", Privileges.ALLOCATE)).isTrue();
        assertThat(SfaRights.allows("sa", Privileges.DELETE)).isTrue();
        assertThat(SfaRights.allows("*", Privileges.SHUTDOWN)).isTrue();
        assertThat(SfaRights.allows("embed", Privileges.SHUTDOWN)).isTrue();
        assertThat(SfaRights.allows("control", Privileges.SHUTDOWN)).isFalse();
        assertThat(SfaRights.allows("info", Privileges.STATUS)).isFalse();
        assertThat(SfaRights.allows("bind", Privileges.ALLOCATE)).isFalse();
        assertThat(SfaRights.allows("*", Privileges.DELETE)).isFalse(); // but * expands to embed and control
    }

    @Test
    void starExpandsToTheTargetTypesDefaults() {
        assertThat(SfaRights.defaultsFor("slice")).containsExactly("refresh", "embed", "bind", "control", "info");
        assertThat(SfaRights.defaultsFor("user")).containsExactly("refresh", "resolve", "info");
    }

    @Test
    void delegationCoversOnlyNarrowerRights() {
        assertThat(SfaRights.covers("embed", "embed")).isTrue();
        assertThat(SfaRights.covers("sa", "info")).isTrue();
        assertThat(SfaRights.covers("info", "embed")).isFalse();
        assertThat(SfaRights.covers("control", "embed")).isFalse();
        assertThat(SfaRights.covers("*", "sa")).isFalse();
        // As in SFA, embed allows every operation of the * entry; a delegated * is still refused from an embed-only
        // parent because * also expands to bind, control... which embed does not cover.
        assertThat(SfaRights.covers("embed", "*")).isTrue();
        assertThat(SfaRights.covers("embed", "control")).isFalse();
        assertThat(SfaRights.covers("custom", "custom")).isTrue();
        assertThat(SfaRights.covers("sa", "custom")).isFalse();
    }
}

package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where an experimenter logs in with SSH: a host and port that reach the container from outside. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SliverLogin {

    private String host;
    private Integer port;
    private String username;

    public SliverLogin() {
    }

    public SliverLogin(String host, Integer port, String username) {
        this.host = host;
        this.port = port;
        this.username = username;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }
}

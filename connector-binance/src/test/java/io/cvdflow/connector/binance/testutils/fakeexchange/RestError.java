package io.cvdflow.connector.binance.testutils.fakeexchange;

/** A REST request Binance would refuse: the HTTP status and Binance's error code and message. */
final class RestError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final int code;

    RestError(int status, int code, String msg) {
        super(msg, null, false, false);
        this.status = status;
        this.code = code;
    }

    static RestError badRequest(int code, String msg) {
        return new RestError(400, code, msg);
    }

    String body() {
        return WireFormat.error(code, getMessage());
    }
}

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(
        request,
        "error.html",
        {"status": 403, "message": "页面已过期或请求来源无法验证，请刷新页面后重试。"},
        status=403,
    )


def error_404(request, exception=None):
    return render(request, "error.html", {"status": 404, "message": "未找到该页面或记录，或您无权查看。"}, status=404)


def error_403(request, exception=None):
    return render(request, "error.html", {"status": 403, "message": "您无权访问此页面。"}, status=403)


def error_500(request):
    return render(
        request, "error.html", {"status": 500, "message": "系统内部错误，请稍后重试或联系系统管理员。"}, status=500
    )

"""``discover`` on the real text dumps in ../shared/seeds, against a list made by reading them.

Each row: title, date, series, part.  Listing-page excerpts have no year (date None).  The
untitled listing entry dated "2 Dec" in 002 and the leading lines of 001 are skipped with
``source.untitled``; three posts appear twice and are merged once each.
"""

from __future__ import annotations

from seriesbook.commands.discover import discover

EXPECTED = [
    # 000
    ("王骁威:勇敢的追梦者", "2012-11-06", None, None),
    ("《虚拟的实在(3)》——相对论动力学", "2013-06-20", "虚拟的实在", 3),
    ("视频演示:费曼的茶杯", "2014-02-07", None, None),
    ("最小熵原理(一):无监督学习的原理", "2018-04-18", "最小熵原理", 1),
    ("漫谈重参数:从正态分布到Gumbel Softmax", "2019-06-10", None, None),
    ("浅谈Transformer的初始化、参数化与标准化", "2021-08-17", None, None),
    ("生成扩散模型漫谈(十九):作为扩散ODE的GAN", "2023-06-24", "生成扩散模型漫谈", 19),
    ("让炼丹更科学一些(一):SGD的平均损失收敛", "2023-12-19", "让炼丹更科学一些", 1),
    # 001
    ("变分自编码器 = 最小化先验分布 + 最大化互信息", "2018-10-10", None, None),
    ("“让Keras更酷一些!”:随意的输出和灵活的归一化", "2019-01-27", None, None),
    ("开源一版DGCNN阅读理解问答模型(Keras版)", "2019-08-20", None, None),
    ("隐藏在动量中的梯度累积:少更新几步,效果反而更好?", "2021-08-24", None, None),
    ("在bert4keras中使用混合精度和XLA加速训练", "2022-04-28", None, None),
    ("局部余弦相似度大,全局余弦相似度一定也大吗?", "2024-01-09", None, None),
    # 002 (listing page: excerpts, no year)
    ("从动力学角度看优化算法(七):SGD ≈ SVM?", None, "从动力学角度看优化算法", 7),
    ("多任务学习漫谈(一):以损失之名", None, "多任务学习漫谈", 1),
    ("多任务学习漫谈(二):行梯度之事", None, "多任务学习漫谈", 2),
    ("生成扩散模型漫谈(四):DDIM = 高观点DDPM", None, "生成扩散模型漫谈", 4),
    ("生成扩散模型漫谈(六):一般框架之ODE篇", None, "生成扩散模型漫谈", 6),
    ("梯度流:探索通向最小值之路", "2023-06-16", None, None),  # the full copy in 004 wins
    ("随机分词浅探:从Viterbi Decoding到Viterbi Sampling", None, None, None),
    # 003
    ("费曼积分法(7):欧拉数学的综合", "2013-03-27", "费曼积分法", 7),
    ("路径积分系列:1.我的毕业论文", "2016-05-30", "路径积分", 1),
    ("生成扩散模型漫谈(五):一般框架之SDE篇", "2022-08-03", "生成扩散模型漫谈", 5),
    ("【外微分浅谈】5. 几何意义", "2016-11-06", "外微分浅谈", 5),
    ("BiGAN-QP:简单清晰的编码&生成模型", "2018-12-10", None, None),
    ("函数光滑化杂谈:不可导函数的可导逼近", "2019-05-20", None, None),
    ("ON-LSTM:用有序神经元表达层次结构", "2019-05-28", None, None),
    ("泛化性乱弹:从随机噪声、梯度惩罚到虚拟对抗训练", "2020-06-01", None, None),
    # 004
    ("通向最优分布之路:概率空间的最小化", "2024-08-06", None, None),
    ("低秩近似之路(三):CR", "2024-10-11", "低秩近似之路", 3),
    ("低秩近似之路(四):ID", "2024-10-30", "低秩近似之路", 4),
    ("“闭门造车”之多模态思路浅谈(一):无损输入", "2024-02-21", "“闭门造车”之多模态思路浅谈", 1),
    ("伽马函数的傅里叶变换之路", "2014-12-08", None, None),
    ("【理解黎曼几何】1. 一条几何之路", "2016-10-14", "理解黎曼几何", 1),
]


def test_every_post_in_the_seeds(seeds_dir):
    result = discover([seeds_dir])
    got = [(p["title"], p["date"], p["series"], p["part"]) for p in result["posts"]]
    assert sorted(got, key=str) == sorted(EXPECTED, key=str)
    assert len({p["title"] for p in result["posts"]}) == len(result["posts"])


def test_duplicates_in_the_seeds(seeds_dir):
    posts = {p["title"]: p for p in discover([seeds_dir])["posts"]}
    wang = posts["王骁威:勇敢的追梦者"]
    assert wang["readers"] == 41786 and wang["source"].endswith("000_5dcf021dfb79eee5.txt")
    assert [x.rsplit("/", 1)[1] for x in wang["duplicates"]] == ["001_5788b4b9525f2500.txt:6"]
    assert posts["浅谈Transformer的初始化、参数化与标准化"]["readers"] == 178021
    flow = posts["梯度流:探索通向最小值之路"]
    assert not flow["excerpt"] and flow["readers"] == 30378 and flow["source"].endswith("004_b75a7ca2d0a17897.txt")
    assert sum(len(p["duplicates"]) for p in posts.values()) == 3


def test_series_in_the_seeds(seeds_dir):
    series = {s["name"]: s["posts"] for s in discover([seeds_dir])["series"]}
    assert series["生成扩散模型漫谈"] == [
        "生成扩散模型漫谈(四):DDIM = 高观点DDPM", "生成扩散模型漫谈(五):一般框架之SDE篇",
        "生成扩散模型漫谈(六):一般框架之ODE篇", "生成扩散模型漫谈(十九):作为扩散ODE的GAN"]
    assert series["多任务学习漫谈"] == ["多任务学习漫谈(一):以损失之名", "多任务学习漫谈(二):行梯度之事"]
    assert series["低秩近似之路"] == ["低秩近似之路(三):CR", "低秩近似之路(四):ID"]
    assert len(series) == 12


def test_quirks_in_the_seeds(seeds_dir):
    result = discover([seeds_dir])
    untitled = [w for w in result["warnings"] if w["code"] == "source.untitled"]
    assert {(w["file"].rsplit("/", 1)[1], w["line"]) for w in untitled} == {
        ("001_5788b4b9525f2500.txt", 1), ("002_c200627b77928d0a.txt", 1)}
    posts = {p["title"]: p for p in result["posts"]}
    assert posts["路径积分系列:1.我的毕业论文"]["line"] == 2  # glued to 费曼积分法's meta line
    from seriesbook.sources import read_path
    raws = {p.title: p for p in read_path(seeds_dir)[0]}
    assert raws["视频演示:费曼的茶杯"].body == "" and raws["费曼积分法(7):欧拉数学的综合"].body == ""
    assert raws["王骁威:勇敢的追梦者"].body.startswith("破解数学猜想\n")
    assert raws["伽马函数的傅里叶变换之路"].body.startswith("伽马函数\n$$\\Gamma(x)")
    assert all("最近评论" not in p.body for p in raws.values())

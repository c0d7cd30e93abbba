"""Raise a hand to move the paddle: keep the ball up, your wrist steering it (MoveNet)."""
from lab.sketch.kit import Demo, camera_stage, point, pose_model

demo = Demo("sketch")
stage = camera_stage(demo)
model = await pose_model(demo, "movenet")
game = {"paddle": 320, "x": 320, "y": 60, "dx": 7, "dy": 6, "score": 0, "missed": 0}

def step():                                    # the ball moves once a frame
    game["x"] += game["dx"]
    game["y"] += game["dy"]
    game["dx"] *= 1 if 10 < game["x"] < 630 else -1   # off the side walls
    if game["y"] < 10:
        game["dy"] = abs(game["dy"])
    if game["y"] > 440 and game["dy"] > 0 and abs(game["x"] - game["paddle"]) < 70:
        game["dy"], game["score"] = -game["dy"], game["score"] + 1
    elif game["y"] > 480:
        game.update(x=320, y=60, missed=game["missed"] + 1)

def draw(p):
    p.fill(255, 200, 0)
    p.rect(game["paddle"] - 60, 450, 120, 16)
    p.fill(255)
    p.circle(game["x"], game["y"], 20)
    p.textSize(22)
    p.text(f"score {game['score']}   missed {game['missed']}", 14, 30)

async def play():
    async for frame in stage.frames(again=lambda: game["y"]):   # a photo too, frame after frame
        for pose in await model.estimate(frame):
            wrist = point(pose, "right_wrist") or point(pose, "left_wrist")
            if wrist:
                game["paddle"] = stage.to_canvas(wrist["x"], wrist["y"])[0]
        frame.done()
        step()
        stage.redraw()
        demo.publish(source=frame.source, **game)

stage.on_draw(draw)
demo.task(play())
